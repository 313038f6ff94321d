package dev.fleetops.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.source.InputError;
import dev.fleetops.source.Location;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(addMethodSubcommands = false, name = "handle",
        header = "Handle one event, or a JSON array of events, from a file or stdin.",
        description = {"On the simulator (the scenario settles first): prints for each event the rules matched and",
                "each handler's record (status, API calls with key parameters, timings, deadline notes).",
                "Exit 0 when every event was handled to the end (or matched no rule), 1 otherwise, 2 on bad input."},
        footer = {"", "Examples:",
                "  fleetops events handle examples/events/spot-warning.json --rules examples/events/rules.yaml",
                "  fleetops events handle examples/events/spot-warning.json --rules examples/events/rules.yaml --instance first --settle",
                "  cat event.json | fleetops events handle - --rules rules.yaml -o json"})
public final class HandleCommand extends EventsRun implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE|-", description = "An event or a JSON array of events; '-' reads stdin.")
    String file;

    @Override
    public Integer call() {
        return execute();
    }

    @Override
    List<Item> items() {
        String text;
        try {
            text = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputError(Location.of(file), "", "no such file");
        } catch (IOException e) {
            throw new InputError(Location.of(file), "", "cannot read: " + e.getMessage());
        }
        String name = file.equals("-") ? "stdin" : file;
        JsonNode root;
        try {
            root = Json.parse(text);
        } catch (IOException e) {
            throw new InputError(Location.of(name), "", "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode()) throw new InputError(Location.of(name), "", "the file is empty");
        List<Item> items = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) items.add(new Item(name + "[" + i + "]", root.get(i), null));
        } else {
            items.add(new Item(name, root, null));
        }
        return items;
    }
}

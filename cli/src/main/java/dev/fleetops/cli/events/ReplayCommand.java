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

@Command(addMethodSubcommands = false, name = "replay",
        header = "Replay events from a JSON Lines file (one message body per line), in order.",
        description = {"Each line is handled as if it arrived from SQS: EventBridge JSON, SNS-wrapped or a raw Auto",
                "Scaling notification. Blank lines are skipped; an unparsable line is reported as rejected with its",
                "line number. Replaying the same file twice in one run shows idempotency: nothing new happens."},
        footer = {"", "Examples:",
                "  fleetops events replay examples/events/interruption.jsonl --rules examples/events/rules.yaml --instance first",
                "  fleetops events replay captured.jsonl --rules rules.yaml --settle -o json"})
public final class ReplayCommand extends EventsRun implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "Events, one JSON message per line.")
    Path file;

    @Override
    public Integer call() {
        return execute();
    }

    @Override
    List<Item> items() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputError(Location.of(file.toString()), "", "no such file");
        } catch (IOException e) {
            throw new InputError(Location.of(file.toString()), "", "cannot read: " + e.getMessage());
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String origin = file + ":" + (i + 1);
            try {
                JsonNode json = Json.parse(line);
                items.add(new Item(origin, json, null));
            } catch (IOException e) {
                items.add(new Item(origin, null, line));
            }
        }
        if (items.isEmpty()) throw new InputError(Location.of(file.toString()), "", "no events in the file");
        return items;
    }
}

package dev.fleetops.cli.help;

import dev.fleetops.cli.common.UsageError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Writes a man page per command (roff, section 1), generated from the same model as --help. */
@Command(addMethodSubcommands = false, name = "man", description = "Write man pages (section 1) for fleetops and each of its commands.",
        footer = {"", "Examples:",
                "  fleetops man --dir ~/.local/share/man/man1 && man fleetops-run",
                "  fleetops man --dir /tmp/man && man -l /tmp/man/fleetops-serve.1"})
public final class ManCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", required = true,
            description = "Where to write the pages (created if missing): fleetops.1, fleetops-run.1, fleetops-wait-first-ready.1...")
    Path dir;

    @Override
    public Integer call() {
        List<CommandLine> all = new ArrayList<>();
        collect(spec.root().commandLine(), all);
        try {
            Files.createDirectories(dir);
            for (CommandLine c : all) {
                Path page = dir.resolve(ManPage.fileName(c.getCommandSpec()));
                Files.writeString(page, ManPage.render(c.getCommandSpec()), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UsageError("--dir " + dir + ": cannot write there (" + e.getMessage() + ")");
        }
        spec.commandLine().getErr().println("man: wrote " + all.size() + " pages to " + dir.toAbsolutePath());
        return 0;
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        if (c.getCommandSpec().usageMessage().hidden()) return;
        into.add(c);
        c.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) collect(sub, into);
        });
    }
}

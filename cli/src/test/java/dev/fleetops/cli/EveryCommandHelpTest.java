package dev.fleetops.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command answers --help with its usage and exit 0, even one with required parameters. */
class EveryCommandHelpTest {

    @Test
    void everyCommandHasHelp() {
        List<String[]> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(10);
        for (String[] path : paths) {
            String[] args = new String[path.length + 1];
            System.arraycopy(path, 0, args, 0, path.length);
            args[path.length] = "--help";
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: fleetops");
        }
    }

    private static void collect(CommandLine cl, List<String> prefix, List<String[]> out) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help") || !sub.getCommandName().equals(name)) return; // aliases once
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            out.add(path.toArray(String[]::new));
            collect(sub, path, out);
        });
    }
}

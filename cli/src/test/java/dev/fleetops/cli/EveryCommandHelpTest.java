package dev.fleetops.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command answers --help with its usage and exit 0, even one with required parameters; without a warning of
 * picocli's (it writes them to the process's stderr), and with its examples whole, never wrapped mid-command.
 */
class EveryCommandHelpTest {

    @Test
    void everyCommandHasHelp() {
        List<String[]> paths = new ArrayList<>();
        collect(Main.commandLine(new String[0]), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(10);
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (String[] path : paths) {
                String[] args = new String[path.length + 1];
                System.arraycopy(path, 0, args, 0, path.length);
                args[path.length] = "--help";
                CliRun r = CliRun.of(args);
                String what = String.join(" ", args);
                assertThat(r.exitCode()).as(what + ": " + r.err()).isZero();
                assertThat(r.out()).as(what).contains("Usage: fleetops");
                int examples = r.out().indexOf("Examples:");
                if (examples >= 0) {
                    // An example line starts indented; a fragment wrapped off one would start at column 0.
                    assertThat(r.out().substring(examples).lines().skip(1).takeWhile(l -> !l.isBlank()))
                            .as(what + " examples").allSatisfy(l -> assertThat(l).matches("\\s.*"));
                }
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("[picocli WARN]");
    }

    /**
     * No command is built by scanning its methods for {@code @Command} (picocli's method subcommands, which no
     * fleetops command has): that scan parses every method's annotations, a tenth of a short command's start-up.
     * A command declares {@code addMethodSubcommands = false}.
     */
    @Test
    void noCommandScansItsMethodsForSubcommands() {
        List<String> scanning = new ArrayList<>();
        walk(Main.commandLine(new String[0]), scanning);
        assertThat(scanning).as("commands without addMethodSubcommands = false").isEmpty();
    }

    private static void walk(CommandLine cl, List<String> scanning) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        boolean ours = spec.userObject() != null && spec.userObject().getClass().getName().startsWith("dev.fleetops.");
        if (ours && spec.isAddMethodSubcommands()) scanning.add(spec.qualifiedName());
        cl.getSubcommands().values().forEach(sub -> walk(sub, scanning));
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

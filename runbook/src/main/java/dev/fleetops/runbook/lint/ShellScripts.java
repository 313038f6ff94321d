package dev.fleetops.runbook.lint;

import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.Location;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inline shell scripts of a document, each with the document line of every script line. Where SSM runs shell:
 * a Command document's {@code aws:runShellScript} plugin ({@code runCommand}), and an Automation
 * {@code aws:runCommand} step that sends {@code AWS-RunShellScript} ({@code Parameters.commands}). Both take a
 * string or a list of strings, which the agent joins with newlines into one script (AWS Systems Manager User Guide,
 * "Command document plugin reference": aws:runShellScript).
 */
final class ShellScripts {

    /** One script: its text as the agent would run it (parameters replaced by placeholders) and where it came from. */
    record Script(String step, Location start, String text, List<Location> documentLines) {

        /** Where script line {@code n} (1-based) stands in the document. */
        Location documentLine(int n) {
            return n >= 1 && n <= documentLines.size() ? documentLines.get(n - 1) : start;
        }
    }

    // {{ Name }} and {{ ssm:/param }}: SSM substitutes them before the agent runs the script
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{[^}]*}}");

    private ShellScripts() { }

    /** @param source the document's text, to tell a block scalar ({@code |}) from a quoted string */
    static List<Script> of(Document document, String source) {
        String[] lines = source.split("\n", -1);
        List<Script> scripts = new ArrayList<>();
        for (Step s : document.allSteps()) {
            Optional<Node> commands = switch (s.action()) {
                case "aws:runShellScript" -> s.inputs().get("runCommand");
                case "aws:runCommand" -> s.literalInput("DocumentName").filter("AWS-RunShellScript"::equals).isPresent()
                        ? s.inputs().get("Parameters").filter(p -> p instanceof MapNode).flatMap(p -> ((MapNode) p).get("commands"))
                        : Optional.empty();
                default -> Optional.empty();
            };
            commands.flatMap(c -> script(s.name(), c, lines)).ifPresent(scripts::add);
        }
        return scripts;
    }

    private static Optional<Script> script(String step, Node commands, String[] source) {
        List<ScalarNode> parts = new ArrayList<>();
        if (commands instanceof ScalarNode sc) {
            parts.add(sc);
        } else if (commands instanceof ListNode list) {
            for (Node item : list.items()) {
                if (!(item instanceof ScalarNode sc)) return Optional.empty(); // not a script the validator accepts
                parts.add(sc);
            }
        } else {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        List<Location> documentLines = new ArrayList<>();
        for (ScalarNode part : parts) {
            if (part.isNull()) continue;
            // a parameter reference makes the whole value a parameter ("{{ commands }}"): nothing to lint
            String value = part.value();
            if (parts.size() == 1 && REFERENCE.matcher(value.trim()).matches()) return Optional.empty();
            boolean block = isBlockScalar(part.location(), source);
            String[] scriptLines = value.split("\n", -1);
            int count = value.endsWith("\n") ? scriptLines.length - 1 : scriptLines.length;
            for (int i = 0; i < count; i++) {
                text.append(placeholders(scriptLines[i])).append('\n');
                // a block scalar's content starts on the line after its indicator; a quoted string stays on its line
                Location at = part.location();
                documentLines.add(block ? new Location(at.file(), at.line() + 1 + i, indent(source, at.line() + 1 + i)) : at);
            }
        }
        if (text.toString().isBlank()) return Optional.empty();
        return Optional.of(new Script(step, parts.get(0).location(), text.toString(), List.copyOf(documentLines)));
    }

    private static boolean isBlockScalar(Location at, String[] source) {
        if (at.line() < 1 || at.line() > source.length) return false;
        String line = source[at.line() - 1];
        int col = at.column() - 1;
        return col >= 0 && col < line.length() && (line.charAt(col) == '|' || line.charAt(col) == '>');
    }

    private static int indent(String[] source, int line) {
        if (line < 1 || line > source.length) return 1;
        String text = source[line - 1];
        int i = 0;
        while (i < text.length() && text.charAt(i) == ' ') i++;
        return i + 1;
    }

    /** A reference becomes a word of the same length, so shellcheck reads it as the value SSM will put there. */
    private static String placeholders(String line) {
        Matcher m = REFERENCE.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, "x".repeat(m.group().length()));
        m.appendTail(out);
        return out.toString();
    }
}

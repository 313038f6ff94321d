package dev.fleetops.cli.help;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;

/**
 * One command as a roff man page ("man-pages(7)": NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXAMPLES, SEE ALSO): the
 * description, options and examples are the command's own, as --help shows them.
 */
final class ManPage {

    private ManPage() { }

    static String fileName(CommandSpec c) {
        return c.qualifiedName("-") + ".1";
    }

    static String render(CommandSpec c) {
        StringBuilder b = new StringBuilder();
        String name = c.qualifiedName("-");
        b.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"fleetops\" \"fleetops manual\"\n");
        b.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(first(c.usageMessage().description()))).append('\n');
        b.append(".SH SYNOPSIS\n.B ").append(escape(c.qualifiedName(" "))).append('\n');
        for (PositionalParamSpec p : c.positionalParameters()) {
            if (!p.hidden()) b.append(".I ").append(escape(p.paramLabel())).append('\n');
        }
        b.append("[\\fIOPTIONS\\fR]\n");
        List<String> description = List.of(c.usageMessage().description());
        if (!description.isEmpty()) {
            b.append(".SH DESCRIPTION\n");
            for (String d : description) b.append(escape(text(d))).append("\n.PP\n");
        }
        if (!c.subcommands().isEmpty()) {
            b.append(".SH COMMANDS\n");
            c.subcommands().forEach((n, sub) -> {
                if (!n.equals("help") && sub.getCommandName().equals(n) && !sub.getCommandSpec().usageMessage().hidden()) {
                    b.append(".TP\n.B ").append(escape(n)).append('\n')
                            .append(escape(first(sub.getCommandSpec().usageMessage().description()))).append('\n');
                }
            });
        }
        b.append(".SH OPTIONS\n");
        for (PositionalParamSpec p : c.positionalParameters()) {
            if (!p.hidden()) item(b, "\\fI" + escape(p.paramLabel()) + "\\fR", p);
        }
        for (OptionSpec o : c.options()) {
            if (o.hidden()) continue;
            String names = String.join(", ", List.of(o.names()).stream().map(n -> "\\fB" + escape(n) + "\\fR").toList());
            String label = o.typeInfo().isBoolean() ? "" : " \\fI" + escape(o.paramLabel()) + "\\fR";
            item(b, names + label, o);
        }
        List<String> footer = List.of(c.usageMessage().footer());
        int examples = footer.indexOf("Examples:");
        if (examples >= 0) {
            b.append(".SH EXAMPLES\n.nf\n");
            for (String l : footer.subList(examples + 1, footer.size())) b.append(escape(text(l))).append('\n');
            b.append(".fi\n");
        }
        b.append(".SH SEE ALSO\n");
        if (c.parent() != null) b.append(".BR ").append(escape(c.parent().qualifiedName("-"))).append(" (1),\n");
        b.append("the project's docs/ pages and README.md\n");
        return b.toString();
    }

    private static void item(StringBuilder b, String head, ArgSpec a) {
        b.append(".TP\n").append(head).append('\n');
        for (String d : a.description()) b.append(escape(text(d))).append('\n');
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : text(lines[0]);
    }

    /** picocli's format markers as the text reads. */
    private static String text(String s) {
        return s.replace("%n", " ").replace("%%", "%");
    }

    /** roff: a backslash is an escape, a line starting with . or ' is a request, - is a hyphen not a minus. */
    static String escape(String s) {
        String e = s.replace("\\", "\\e").replace("-", "\\-");
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }
}

package dev.fleetops.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A self-contained HTML page (inline CSS and SVG, no external resources). */
public final class HtmlPage {

    private final String title;
    private final StringBuilder body = new StringBuilder();

    public HtmlPage(String title) {
        this.title = title;
    }

    public HtmlPage heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlPage paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Raw HTML (charts, tables) built by this package. */
    public HtmlPage html(String html) {
        body.append(html).append('\n');
        return this;
    }

    /** A two-column table of name and value (what ran, with what, when), found by {@code data-facts}. */
    public HtmlPage facts(String id, List<String[]> rows) {
        body.append("<table class=\"facts\" data-facts=\"").append(escape(id)).append("\"><tbody>");
        for (String[] r : rows) {
            body.append("<tr><th scope=\"row\">").append(escape(r[0])).append("</th><td>").append(escape(r[1]))
                    .append("</td></tr>");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    public HtmlPage table(String[] header, List<String[]> rows) {
        body.append("<div class=\"table\"><table><thead><tr>");
        for (String h : header) body.append("<th>").append(escape(h)).append("</th>");
        body.append("</tr></thead><tbody>");
        for (String[] r : rows) {
            body.append("<tr>");
            for (String c : r) body.append("<td>").append(escape(c)).append("</td>");
            body.append("</tr>");
        }
        body.append("</tbody></table></div>\n");
        return this;
    }

    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + "</title><style>"
                + "body{font-family:system-ui,sans-serif;margin:2em;max-width:1000px;color:#222}"
                + "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}"
                + "div.table{overflow-x:auto}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:3px 8px;"
                + "text-align:left;font-size:.9em;overflow-wrap:break-word;vertical-align:top}th{background:#f4f4f4}"
                + "table.facts th{width:9em}svg.chart{display:block;margin:.5em 0;max-width:100%;height:auto}"
                + "</style></head><body>\n<h1>" + escape(title) + "</h1>\n" + body
                + "<script>document.body.dataset.rendered=document.querySelectorAll('svg.chart').length;</script>"
                + "\n</body></html>\n";
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

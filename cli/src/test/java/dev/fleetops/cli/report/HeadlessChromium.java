package dev.fleetops.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads a page in headless Chromium and returns the DOM after its scripts ran, or what a reader sees of its charts
 * ({@link #render}). Skipped (with a message) when Chromium is not installed, unless FLEETOPS_REQUIRE_BROWSER=1
 * (CI), where a missing browser fails the test.
 */
public final class HeadlessChromium {

    /** Where screenshots go for people to look at (the module's target/, not checked in). */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /**
     * Measures every chart in the browser: marks (data rects) that have a width and a height, the texts shown,
     * and every element whose box is not inside the chart's viewBox. Appended to a copy of the page.
     */
    private static final String MEASURE = """
            <script>(function () {
              const charts = [];
              for (const svg of document.querySelectorAll('svg.chart')) {
                const vb = svg.viewBox.baseVal;
                const c = {id: svg.dataset.chart, marks: 0, texts: [], outside: []};
                for (const el of svg.querySelectorAll('rect, text, line, path')) {
                  const b = el.getBBox();
                  if (el.classList.contains('mark') && b.width > 0 && b.height > 0) c.marks++;
                  if (el.tagName === 'text') c.texts.push(el.firstChild ? el.firstChild.textContent : '');
                  const inside = b.x >= vb.x - 0.5 && b.y >= vb.y - 0.5
                      && b.x + b.width <= vb.x + vb.width + 0.5 && b.y + b.height <= vb.y + vb.height + 0.5;
                  if (!inside) c.outside.push(el.tagName + ' "' + (el.firstChild ? el.firstChild.textContent : '')
                      + '" at ' + [b.x, b.y, b.width, b.height].map(Math.round).join(','));
                }
                charts.push(c);
              }
              const pre = document.createElement('pre');
              pre.id = 'fleetops-measured';
              pre.textContent = JSON.stringify({charts: charts, text: document.body.innerText});
              document.body.appendChild(pre);
            })();</script>
            """;

    /** One chart as the browser drew it. */
    public record Chart(String id, int marks, List<String> texts, List<String> outside) { }

    /** A page as the browser drew it: its charts and its visible text. */
    public record Rendered(List<Chart> charts, String text) {
        public Chart chart(String id) {
            return charts.stream().filter(c -> c.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no chart " + id + " among " + charts.stream().map(Chart::id).toList()));
        }
    }

    private HeadlessChromium() { }

    public static String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, "--dump-dom", null);
    }

    /**
     * Renders {@code page} under {@code lang} (e.g. de_DE.UTF-8), saves a screenshot as
     * target/screenshots/{@code name}.png and returns what the browser drew.
     */
    public static Rendered render(Path page, String name, String lang) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        run(page, "--screenshot=" + SCREENSHOTS.resolve(name + ".png").toAbsolutePath(), lang);
        Path measured = page.resolveSibling(page.getFileName() + ".measured.html");
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int end = html.lastIndexOf("</body>");
        Files.writeString(measured, html.substring(0, end) + MEASURE + html.substring(end), StandardCharsets.UTF_8);
        String dom = run(measured, "--dump-dom", lang);
        int from = dom.indexOf("<pre id=\"fleetops-measured\">");
        if (from < 0) throw new AssertionError("the measuring script did not run on " + page);
        String json = dom.substring(dom.indexOf('>', from) + 1, dom.indexOf("</pre>", from))
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        JsonNode root = Json.parse(json);
        List<Chart> charts = new ArrayList<>();
        for (JsonNode c : root.path("charts")) {
            charts.add(new Chart(c.path("id").asText(), c.path("marks").asInt(), strings(c.path("texts")),
                    strings(c.path("outside"))));
        }
        return new Rendered(charts, root.path("text").asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String run(Path page, String what, String lang) throws IOException, InterruptedException {
        Path browser = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
                Path.of("/usr/bin/google-chrome")).stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (browser == null) {
            if ("1".equals(System.getenv("FLEETOPS_REQUIRE_BROWSER"))) {
                throw new AssertionError("Chromium is required (FLEETOPS_REQUIRE_BROWSER=1) but not installed");
            }
            Assumptions.abort("Chromium not installed (apt-get install chromium): report rendering not checked");
        }
        Path profile = Files.createTempDirectory("fleetops-chromium");
        Path out = Files.createTempFile("fleetops-dom", ".html");
        List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--window-size=1100,3200", "--user-data-dir=" + profile,
                "--virtual-time-budget=2000"));
        if (lang != null) command.add("--lang=" + lang.replaceFirst("[._].*", ""));
        command.add(what);
        command.add(page.toUri().toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (lang != null) {
            pb.environment().put("LANG", lang);
            pb.environment().put("LC_ALL", lang);
        }
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish loading " + page);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}

package dev.fleetops.cli.report;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads a page in headless Chromium and returns the DOM after its scripts ran. Skipped (with a message) when
 * Chromium is not installed, unless FLEETOPS_REQUIRE_BROWSER=1 (CI), where a missing browser fails the test.
 */
public final class HeadlessChromium {

    private HeadlessChromium() { }

    public static String dumpDom(Path page) throws IOException, InterruptedException {
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
        Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=2000", "--dump-dom",
                page.toUri().toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Chromium did not finish loading " + page);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}

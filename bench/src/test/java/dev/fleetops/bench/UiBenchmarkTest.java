package dev.fleetops.bench;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench ui --quick} in headless Chromium: it loads the page over the empty and the 1,000-execution store
 * (the page must say it lists 1,000, or the benchmark fails), takes an instance out of rotation and sees it on the
 * page and on the event stream; every metric and its anchor is there. Wall-clock values are recorded in
 * BENCHMARKS.md, not asserted (a shared machine's load is not the feature).
 */
class UiBenchmarkTest {

    @Test
    void measuresLoadAndUpdateWithTheirAnchors() throws Exception {
        if (!Files.isExecutable(Chromium.BINARY)) {
            if ("1".equals(System.getenv("FLEETOPS_REQUIRE_BROWSER"))) throw new AssertionError("FLEETOPS_REQUIRE_BROWSER=1 but " + Chromium.BINARY + " is missing");
            Assumptions.abort("bench ui skipped: " + Chromium.BINARY + " is missing (apt-get install chromium)");
        }
        StringWriter progress = new StringWriter();
        BenchResult r = Benchmarks.find("ui").orElseThrow().run(true, new PrintWriter(progress));

        assertThat(r.metrics()).extracting(BenchResult.Metric::name).containsExactly(
                "page load, 1,000 executions (median of 3)", "page load, 1,000 executions (slowest)",
                "page load, empty store (anchor, median)", "page load, 1,000 / empty",
                "update, change to page (median of 1)", "update, change to event stream (anchor)", "update, page / stream");
        assertThat(r.metrics().get(0).target()).isEqualTo("<= 299");
        assertThat(r.metrics().get(4).target()).isEqualTo("<= 999");
        assertThat(r.metrics().get(0).value()).isPositive().isLessThanOrEqualTo(r.metrics().get(1).value());
        assertThat(r.metrics().get(2).value()).isPositive();
        assertThat(progress.toString()).contains("ui: load with 1000 executions: median").contains("ratio");
    }
}

package dev.fleetops.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTest {

    private final Instant t0 = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void laneSegmentsArePlacedProportionallyToTime() {
        String svg = Charts.lanes("health", List.of(new Lane("i-1", List.of(
                new Lane.Segment(t0, t0.plusSeconds(50), "healthy"),
                new Lane.Segment(t0.plusSeconds(50), t0.plusSeconds(100), "draining")))), t0, t0.plusSeconds(100));

        assertThat(svg).contains("data-chart=\"health\"")
                .contains("i-1: healthy from +0s to +50s")
                .contains("i-1: draining from +50s to +100s")
                // the plot is 700 px wide from x=250: the boundary at half time lands at x=600
                .contains("<rect x=\"600.0\"");
    }

    @Test
    void barsStackOutcomesPerBucketAndEscapeLabels() {
        String svg = Charts.stackedBars("traffic", List.of(
                new Series("2xx", "#2e7d32", new long[]{2, 1}),
                new Series("5xx <502>", "#c62828", new long[]{0, 1})), Duration.ofSeconds(1));

        assertThat(svg).contains("+0s: 2 2xx").contains("+1s: 1 5xx &lt;502&gt;").doesNotContain("+0s: 0");
    }

    @Test
    void theTimeAxisTicksAtRoundStepsAndItsLastLabelEndsInsideTheChart() {
        String svg = Charts.lanes("steps", List.of(new Lane("Drain", List.of(
                new Lane.Segment(t0, t0.plusSeconds(100), "Success")))), t0, t0.plusSeconds(100), Charts.STATUS_COLORS);

        assertThat(svg).contains("text-anchor=\"middle\" font-family=\"monospace\">+50s</text>")
                .contains("text-anchor=\"middle\" font-family=\"monospace\">+1m30s</text>")
                // at the right edge (x = 950 of 960): anchored at its end, so it does not run out of the chart
                .contains("<text x=\"950.0\" y=\"51\" font-size=\"10\" text-anchor=\"end\" font-family=\"monospace\">+1m40s</text>")
                .contains("time from 2026-01-05T09:00:00Z (UTC)")
                .contains("fill=\"#2e7d32\"/><text x=\"264\" y=\"80\" font-size=\"11\" font-family=\"sans-serif\">Success</text>");
        assertThat(Charts.tickStep(473)).isEqualTo(60);
        assertThat(Charts.tickStep(9)).isEqualTo(1);
        assertThat(Charts.offset(3720)).isEqualTo("+1h2m");
    }

    @Test
    void aPageRendersItsChartsInABrowser(@TempDir Path dir) throws Exception {
        HtmlPage page = new HtmlPage("Report <test>")
                .heading("Target health")
                .html(Charts.lanes("health", List.of(new Lane("i-1", List.of(
                        new Lane.Segment(t0, t0.plusSeconds(10), "healthy")))), t0, t0.plusSeconds(10)))
                .html(Charts.stackedBars("traffic", List.of(new Series("2xx", "#2e7d32", new long[]{2})),
                        Duration.ofSeconds(1)));
        Path file = dir.resolve("report.html");
        page.write(file);

        String dom = HeadlessChromium.dumpDom(file);

        assertThat(dom).contains("data-rendered=\"2\"").contains("<title>Report &lt;test&gt;</title>");
    }
}

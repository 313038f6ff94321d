package dev.fleetops.bench;

import dev.fleetops.cli.Main;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fleetops bench wire --quick} as a user runs it: every row well-formed, and each call's ratio the one of
 * the two measurements printed beside it (sim and moto, both measured in this run). Timing is not asserted: on a
 * shared machine targets may be missed (exit 1); the numbers live in BENCHMARKS.md.
 */
class WireBenchmarkTest {

    /** A metric row: name, value, unit, and the verdict when the row has a target. */
    private static final Pattern ROW = Pattern.compile("^  (.+?)\\s+(-?[\\d,]+\\.\\d) (\\S+)(  (ok|MISSED) \\(target ([<>]=) ([\\d,.]+)\\))?$");
    private static final List<String> CALLS = List.of("DescribeInstances (100 instances)", "DescribeTargetHealth (10 targets)",
            "SendMessage/ReceiveMessage (alternating)");

    @Test
    void quickRunPrintsEachCallsRowsAndTheRatioOfBothMeasurements() {
        MotoServer.shared(); // skips without moto (or fails under FLEETOPS_REQUIRE_MOTO=1); the bench starts its own
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"bench", "wire", "--quick"}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).as(err.toString()).isIn(0, 1);
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).startsWith("wire: ").contains("uptime before: ").contains("load average");
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            Matcher m = ROW.matcher(lines[i]);
            assertThat(m.matches()).as("row " + i + ": '" + lines[i] + "'").isTrue();
            double v = Double.parseDouble(m.group(2).replace(",", ""));
            values.put(m.group(1), v);
            if (m.group(4) != null) {
                double target = Double.parseDouble(m.group(7).replace(",", ""));
                boolean meets = m.group(6).equals(">=") ? v >= target : v <= target;
                assertThat(m.group(5)).as(lines[i]).isEqualTo(meets ? "ok" : "MISSED");
            }
        }
        for (String call : CALLS) {
            double sim = values.get(call + ": sim requests/s (closed loop)");
            double moto = values.get(call + ": moto requests/s (closed loop)");
            double ratio = values.get(call + ": sim / moto throughput");
            assertThat(sim).as(call).isPositive();
            assertThat(moto).as(call).isPositive();
            // both rates are printed to a tenth, the ratio to a hundredth: equal within that rounding
            assertThat(ratio).as(call).isCloseTo(sim / moto, org.assertj.core.data.Offset.offset(0.05 * sim / moto + 0.01));
            assertThat(values).containsKey(call + ": sim p99 at 2000/s (open loop)")
                    .containsKey(call + ": sim server CPU per request").containsKey(call + ": moto server CPU per request");
            assertThat(values.get(call + ": sim server CPU per request")).as(call).isPositive();
            assertThat(values.get(call + ": error answers, sim")).as(call).isZero();
        }
        assertThat(values.get("machine load average (1 min) at start")).isNotNegative();
        assertThat(String.format(Locale.ROOT, "%s", out)).contains("machine load average (1 min) at end");
    }
}

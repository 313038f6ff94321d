package dev.fleetops.bench;

import dev.fleetops.bench.BenchResult;
import dev.fleetops.bench.Benchmarks;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark runs end to end (its number is recorded from a full run, not asserted on a shared CI machine). */
class SpotLatencyBenchmarkTest {

    @Test
    void measuresTheWarningToDetachPathAndComparesP99WithTheTarget() throws Exception {
        StringWriter progress = new StringWriter();
        BenchResult r = Benchmarks.find("spot-latency").orElseThrow().run(true, new PrintWriter(progress));

        assertThat(progress.toString()).contains("50 warm-up + 200 measured interruptions");
        assertThat(r.metrics()).extracting(BenchResult.Metric::name).containsExactly("p50", "p99", "max");
        double p50 = r.metrics().get(0).value();
        double p99 = r.metrics().get(1).value();
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThanOrEqualTo(r.metrics().get(2).value());
        assertThat(r.metrics().get(1).target()).isEqualTo("<= 50");
    }
}

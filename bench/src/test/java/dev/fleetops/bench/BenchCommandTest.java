package dev.fleetops.bench;

import dev.fleetops.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** With fleetops-bench.jar's classes on the classpath, {@code fleetops bench} is the real command (ServiceLoader). */
class BenchCommandTest {

    @Test
    void listsEveryBenchmarkByName() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"bench"}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Benchmarks (run one with: fleetops bench NAME):");
        for (Benchmark b : Benchmarks.all()) assertThat(out.toString()).contains("  " + b.name() + " ");
    }

    @Test
    void anUnknownBenchmarkIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"bench", "kernal"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("fleetops: unknown benchmark 'kernal'; known: ");
    }
}

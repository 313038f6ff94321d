package dev.fleetops.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** fleetops.jar does not carry the benchmarks; asking it for them says where they are, as a usage error. */
class BenchElsewhereTest {

    @Test
    void benchInTheCommandLineJarPointsToTheBenchJar() {
        CliRun r = CliRun.of("bench", "kernel", "--quick");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("fleetops: the benchmarks are not in this jar: run them with ./fleetops bench")
                .contains("bench/target/fleetops-bench.jar").doesNotContain("\tat ");
    }
}

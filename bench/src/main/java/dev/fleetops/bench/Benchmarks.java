package dev.fleetops.bench;

import java.util.List;
import java.util.Optional;

/** The registry of named benchmarks. */
public final class Benchmarks {

    private Benchmarks() { }

    public static List<Benchmark> all() {
        return List.of(new KernelBenchmark(), new FleetBenchmark(), new RunbookStepBenchmark(), new FirstReadyBenchmark(),
                new ApplyBenchmark(), new RulesBenchmark(), new SqsIntakeBenchmark(),
                new dev.fleetops.bench.SpotLatencyBenchmark(), new MaintenanceBenchmark(), new ChaosBenchmark(), new StartupBenchmark(), new WireBenchmark(),
                new UiBenchmark());
    }

    public static Optional<Benchmark> find(String name) {
        return all().stream().filter(b -> b.name().equals(name)).findFirst();
    }
}

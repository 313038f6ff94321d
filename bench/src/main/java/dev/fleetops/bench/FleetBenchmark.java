package dev.fleetops.bench;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenario;
import dev.fleetops.sim.scenario.ScenarioReader;
import dev.fleetops.sim.scenario.Scenarios;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A 10,000-instance fleet in 10 Auto Scaling groups, each behind its own target group (6 s health checks,
 * thresholds 2) on one ALB, run for one virtual hour after start-up settled. Wall time and peak heap are measured
 * in this JVM; the simulated event count says how much work the hour was.
 */
public final class FleetBenchmark implements Benchmark {

    static final int GROUPS = 10;

    @Override
    public String name() {
        return "fleet";
    }

    @Override
    public String description() {
        return "10,000 instances behind target groups, 6 s health checks, one virtual hour (< 30 s wall, < 2 GiB heap)";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) {
        int perGroup = quick ? 100 : 1000;
        Scenario scenario = ScenarioReader.read("fleet-bench.yaml", scenarioText(perGroup), Map.of());
        resetPeaks();
        progress.println("fleet: starting " + GROUPS * perGroup + " instances...");
        long t0 = System.nanoTime();
        SimRegion region = Scenarios.start(scenario, SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Duration.ofHours(1));
        long t1 = System.nanoTime();
        long eventsBefore = region.scheduler().processed();
        progress.println("fleet: settled in " + ms(t1 - t0) + " ms; running one virtual hour...");
        region.scheduler().runFor(Duration.ofHours(1));
        long t2 = System.nanoTime();
        long events = region.scheduler().processed() - eventsBefore;
        double peakHeapMiB = peakHeapBytes() / (1024.0 * 1024);
        double hourSeconds = (t2 - t1) / 1e9;
        return new BenchResult(name(),
                "one run in this JVM (" + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB): " + GROUPS + " groups x " + perGroup
                        + " instances, 10 target groups on one ALB, interval 6 s; start-up settled, then 1 h virtual",
                List.of(BenchResult.Metric.info("instances", GROUPS * perGroup, "instances"),
                        BenchResult.Metric.info("start-up until settled (wall)", ms(t1 - t0) / 1000.0, "s"),
                        BenchResult.Metric.atMost("one virtual hour (wall)", hourSeconds, "s", 30),
                        BenchResult.Metric.info("simulated events in the hour", events, "events"),
                        BenchResult.Metric.info("simulated events per second (wall)", Math.round(events / hourSeconds), "events/s"),
                        BenchResult.Metric.atMost("peak heap used", Math.round(peakHeapMiB), "MiB", 2048)));
    }

    static String scenarioText(int perGroup) {
        StringBuilder b = new StringBuilder("""
                name: fleet-bench
                launchTemplates:
                  - name: node
                targetGroups:
                """);
        for (int g = 0; g < GROUPS; g++) {
            b.append("  - {name: tg-").append(g).append(", port: 8080, healthCheck: {interval: 6s, timeout: 5s, ")
                    .append("healthyThreshold: 2, unhealthyThreshold: 2}, deregistrationDelay: 30s}\n");
        }
        b.append("loadBalancers:\n  - name: fleet-alb\n    listeners:\n");
        for (int g = 0; g < GROUPS; g++) b.append("      - {port: ").append(8000 + g).append(", targetGroup: tg-").append(g).append("}\n");
        b.append("groups:\n");
        for (int g = 0; g < GROUPS; g++) {
            b.append("  - {name: group-").append(g).append(", launchTemplate: node, min: ").append(perGroup)
                    .append(", max: ").append(perGroup).append(", desired: ").append(perGroup)
                    .append(", targetGroups: [tg-").append(g).append("], healthCheckType: ELB, healthCheckGracePeriod: 60s,")
                    .append(" availabilityZones: [us-east-1a, us-east-1b, us-east-1c]}\n");
        }
        return b.toString();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        }
    }

    private static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}

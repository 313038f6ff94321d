package dev.fleetops.bench;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenario;
import dev.fleetops.sim.scenario.ScenarioReader;
import dev.fleetops.sim.scenario.Scenarios;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fleets of 1,000, 10,000 and 100,000 instances (quick: 1,000 and 10,000) in Auto Scaling groups of 1,000, each
 * behind its own target group (6 s health checks, thresholds 2), ten listeners per ALB, run for one virtual hour
 * after start-up settled. Each size runs in a fresh region in this JVM after a warm-up run, so the per-instance
 * figures show how cost grows with the fleet: the targets are 100,000 instances x 1 h in under 60 s wall and
 * 4 GiB heap, and wall and heap per instance flat within 2x from the smallest size to the largest.
 */
public final class FleetBenchmark implements Benchmark {

    static final int PER_GROUP = 1000;
    static final int LISTENERS_PER_ALB = 10;
    private static final double MIB = 1024.0 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Override
    public String name() {
        return "fleet";
    }

    @Override
    public String description() {
        return "1k, 10k and 100k instances behind target groups, 6 s health checks, one virtual hour"
                + " (100k: < 60 s wall, < 4 GiB heap; per instance flat within 2x)";
    }

    /**
     * One size's measurements; heap figures in bytes, times in nanoseconds. CPU: the simulation thread's, and the
     * whole JVM's (garbage collection and compilation included), during the hour: on a shared machine they say
     * what the wall time would be on a quiet one.
     */
    record Size(int instances, long settleNanos, long hourNanos, long hourCpuNanos, long hourProcessCpuNanos,
                long events, long peakHeap, long liveHeap) {
        double wallMicrosPerInstance() {
            return hourNanos / 1e3 / instances;
        }

        double cpuMicrosPerInstance() {
            return hourCpuNanos / 1e3 / instances;
        }

        double liveKiBPerInstance() {
            return liveHeap / 1024.0 / instances;
        }

        double peakKiBPerInstance() {
            return peakHeap / 1024.0 / instances;
        }
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) {
        int[] sizes = quick ? new int[] {1_000, 10_000} : new int[] {1_000, 10_000, 100_000};
        progress.println("fleet: warm-up run of 1000 instances...");
        measure(1_000, progress);
        List<BenchResult.Metric> metrics = new ArrayList<>();
        List<Size> done = new ArrayList<>();
        for (int n : sizes) {
            Size s = measure(n, progress);
            done.add(s);
            String k = (n / 1000) + "k";
            boolean largest = n == sizes[sizes.length - 1] && n == 100_000;
            metrics.add(BenchResult.Metric.info(k + ": start-up until settled (wall)", ms(s.settleNanos) / 1000.0, "s"));
            metrics.add(largest
                    ? BenchResult.Metric.atMost(k + ": one virtual hour (wall)", s.hourNanos / 1e9, "s", 60)
                    : BenchResult.Metric.info(k + ": one virtual hour (wall)", s.hourNanos / 1e9, "s"));
            metrics.add(BenchResult.Metric.info(k + ": one virtual hour (CPU, simulation thread)", s.hourCpuNanos / 1e9, "s"));
            metrics.add(BenchResult.Metric.info(k + ": one virtual hour (CPU, whole JVM)", s.hourProcessCpuNanos / 1e9, "s"));
            metrics.add(BenchResult.Metric.info(k + ": simulated events in the hour", s.events, "events"));
            metrics.add(largest
                    ? BenchResult.Metric.atMost(k + ": peak heap used", Math.round(s.peakHeap / MIB), "MiB", 4096)
                    : BenchResult.Metric.info(k + ": peak heap used", Math.round(s.peakHeap / MIB), "MiB"));
            metrics.add(BenchResult.Metric.info(k + ": region's live heap after the hour", Math.round(s.liveHeap / MIB), "MiB"));
            metrics.add(BenchResult.Metric.info(k + ": wall per instance-hour", s.wallMicrosPerInstance(), "us"));
            metrics.add(BenchResult.Metric.info(k + ": CPU per instance-hour (simulation thread)", s.cpuMicrosPerInstance(), "us"));
            metrics.add(BenchResult.Metric.info(k + ": live heap per instance", s.liveKiBPerInstance(), "KiB"));
            metrics.add(BenchResult.Metric.info(k + ": peak heap per instance", s.peakKiBPerInstance(), "KiB"));
        }
        Size small = done.get(0);
        Size large = done.get(done.size() - 1);
        String ratio = (large.instances / 1000) + "k/" + (small.instances / 1000) + "k";
        metrics.add(BenchResult.Metric.atMost("wall per instance, " + ratio,
                large.wallMicrosPerInstance() / small.wallMicrosPerInstance(), "x", 2));
        metrics.add(BenchResult.Metric.info("CPU per instance (simulation thread), " + ratio,
                large.cpuMicrosPerInstance() / small.cpuMicrosPerInstance(), "x"));
        metrics.add(BenchResult.Metric.atMost("live heap per instance, " + ratio,
                large.liveKiBPerInstance() / small.liveKiBPerInstance(), "x", 2));
        metrics.add(BenchResult.Metric.info("peak heap per instance, " + ratio,
                large.peakKiBPerInstance() / small.peakKiBPerInstance(), "x"));
        return new BenchResult(name(),
                "one run per size in this JVM after a 1,000-instance warm-up (" + Runtime.getRuntime().availableProcessors()
                        + " cores, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB): groups of "
                        + PER_GROUP + " instances, one target group each (interval 6 s), " + LISTENERS_PER_ALB
                        + " listeners per ALB; start-up settled, then 1 h virtual. Peak heap: the heap pools' peaks"
                        + " since a GC before start (an upper bound, garbage included); live heap: used after a GC"
                        + " at the end of the hour, the region still reachable, less the same before the region existed",
                metrics);
    }

    private static Size measure(int instances, PrintWriter progress) {
        Scenario scenario = ScenarioReader.read("fleet-bench.yaml", scenarioText(instances / PER_GROUP), Map.of());
        long baseline = liveHeapBytes(); // the JVM's and the benchmark's own, before the region exists
        resetPeaks();
        progress.println("fleet: starting " + instances + " instances...");
        long t0 = System.nanoTime();
        SimRegion region = Scenarios.start(scenario, SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Duration.ofHours(1));
        long t1 = System.nanoTime();
        long eventsBefore = region.scheduler().processed();
        progress.println("fleet: settled in " + ms(t1 - t0) + " ms; running one virtual hour...");
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long process0 = processCpuNanos();
        region.scheduler().runFor(Duration.ofHours(1));
        long t2 = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        long processCpu = processCpuNanos() - process0;
        long events = region.scheduler().processed() - eventsBefore;
        long peak = peakHeapBytes();
        long live = liveHeapBytes() - baseline;
        progress.printf(java.util.Locale.ROOT, "fleet: %d instances: hour %.1f s wall, %.1f s CPU (JVM %.1f s), peak heap %d MiB,"
                        + " live %d MiB%n", instances, (t2 - t1) / 1e9, cpu / 1e9, processCpu / 1e9,
                Math.round(peak / MIB), Math.round(live / MIB));
        progress.flush();
        if (region.ec2().instanceCount() != instances) {
            throw new IllegalStateException("fleet: " + region.ec2().instanceCount() + " instances, expected " + instances);
        }
        return new Size(instances, t1 - t0, t2 - t1, cpu, processCpu, events, peak, live);
    }

    static String scenarioText(int groups) {
        StringBuilder b = new StringBuilder("""
                name: fleet-bench
                launchTemplates:
                  - name: node
                targetGroups:
                """);
        for (int g = 0; g < groups; g++) {
            b.append("  - {name: tg-").append(g).append(", port: 8080, healthCheck: {interval: 6s, timeout: 5s, ")
                    .append("healthyThreshold: 2, unhealthyThreshold: 2}, deregistrationDelay: 30s}\n");
        }
        b.append("loadBalancers:\n");
        for (int g = 0; g < groups; g++) {
            if (g % LISTENERS_PER_ALB == 0) {
                b.append("  - name: fleet-alb-").append(g / LISTENERS_PER_ALB).append("\n    listeners:\n");
            }
            b.append("      - {port: ").append(8000 + g % LISTENERS_PER_ALB).append(", targetGroup: tg-").append(g).append("}\n");
        }
        b.append("groups:\n");
        for (int g = 0; g < groups; g++) {
            b.append("  - {name: group-").append(g).append(", launchTemplate: node, min: ").append(PER_GROUP)
                    .append(", max: ").append(PER_GROUP).append(", desired: ").append(PER_GROUP)
                    .append(", targetGroups: [tg-").append(g).append("], healthCheckType: ELB, healthCheckGracePeriod: 60s,")
                    .append(" availabilityZones: [us-east-1a, us-east-1b, us-east-1c]}\n");
        }
        return b.toString();
    }

    /** The JVM's CPU time (all threads), or -1 where the platform does not say. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
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

    private static long liveHeapBytes() {
        System.gc();
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getUsage().getUsed();
        }
        return sum;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}

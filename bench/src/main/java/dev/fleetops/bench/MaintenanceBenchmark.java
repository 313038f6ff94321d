package dev.fleetops.bench;

import dev.fleetops.cloud.api.ReadCoalescer;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateControlRequest;
import dev.fleetops.runbook.rate.TargetResolver;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.elbv2.TrafficGenerator;
import dev.fleetops.sim.elbv2.TrafficReport;
import dev.fleetops.sim.scenario.Scenario;
import dev.fleetops.sim.scenario.ScenarioReader;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.waiters.Backoff;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 6: a rate-controlled graceful maintenance of a simulated fleet behind one target group, with traffic
 * through the ALB the whole time, in virtual time. Runs {@code examples/runbooks/RebootInstanceGracefulAtScale.yaml}
 * once per instance of the group ({@code --target-parameter-name InstanceId}, max concurrency 10%, max errors 0)
 * and compares the simulated makespan with the lower bound that the scenario's timings allow (see
 * {@link MaintenanceBound}).
 */
public final class MaintenanceBenchmark implements Benchmark {

    static final String DOCUMENT = "RebootInstanceGracefulAtScale";
    static final String GROUP = "fleet";
    static final double TRAFFIC_RPS = 20;
    /** The reads the engine shares (ReadCoalescer): the rest of the calls are the same whatever the polling. */
    static final Set<String> SHARED_READS = Set.of("elbv2:DescribeTargetHealth", "ec2:DescribeInstanceStatus",
            "ssm:ListCommandInvocations");
    @Override
    public String name() {
        return "maintenance";
    }

    @Override
    public String description() {
        return "rate-controlled graceful reboot of 1,000 instances behind one target group, 10% concurrency, traffic"
                + " through the ALB (all Success, zero 5xx, < 60 s wall, makespan within 5% of the lower bound at <= 3 API calls per simulated second)";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) throws Exception {
        int instances = quick ? 100 : 1000;
        Path docs = examplesRunbooks();
        progress.println("maintenance: " + instances + " instances, the engine's defaults (reads shared every "
                + ReadCoalescer.DEFAULT_TICK.toMillis() / 1000.0 + " s)...");
        Outcome o = measure(instances, "10%", docs, Backoff.runbookDefault(), ReadCoalescer.DEFAULT_TICK, null, progress);
        progress.println("maintenance: again, every read on its own (the anchor: no coalescing)...");
        Outcome alone = measure(instances, "10%", docs, Backoff.runbookDefault(), null, null, progress);
        progress.println("maintenance: again, the defaults with the durable journal...");
        Path journalDir = java.nio.file.Files.createTempDirectory("fleetops-maintenance-journal");
        Outcome durable = measure(instances, "10%", docs, Backoff.runbookDefault(), ReadCoalescer.DEFAULT_TICK, journalDir, progress);
        List<BenchResult.Metric> m = new ArrayList<>();
        m.add(BenchResult.Metric.info("instances", instances, "instances"));
        m.add(BenchResult.Metric.atLeast("children Success", o.successes(), "runs", instances));
        m.add(BenchResult.Metric.atMost("5xx answers under traffic", o.serverErrors(), "answers", 0));
        m.add(BenchResult.Metric.info("requests through the ALB", o.requests(), "requests"));
        m.add(BenchResult.Metric.atMost("maintenance run (wall)", round(o.wallSeconds()), "s", 60));
        m.add(BenchResult.Metric.info("maintenance run (CPU of this thread)", round(o.cpuSeconds()), "s"));
        m.add(BenchResult.Metric.info("maintenance run (CPU of the process: GC, JIT, all threads)", round(o.processCpuSeconds()), "s"));
        m.add(BenchResult.Metric.info("fleet start-up until settled (wall, not in the run)", round(o.settleSeconds()), "s"));
        m.add(BenchResult.Metric.info("simulated events", o.events(), "events"));
        m.add(BenchResult.Metric.info("lower bound", round(o.bound().seconds()), "s"));
        m.add(BenchResult.Metric.info("simulated makespan", round(o.makespanSeconds()), "s"));
        m.add(BenchResult.Metric.atMost("makespan / lower bound", round3(o.makespanSeconds() / o.bound().seconds()), "x", 1.05));
        m.add(BenchResult.Metric.atMost("API calls per simulated second", round(o.apiCallsPerSecond()), "calls/s", 3));
        String a = " (anchor: every read on its own)";
        m.add(BenchResult.Metric.atLeast("children Success" + a, alone.successes(), "runs", instances));
        m.add(BenchResult.Metric.info("simulated makespan" + a, round(alone.makespanSeconds()), "s"));
        m.add(BenchResult.Metric.info("makespan / lower bound" + a, round3(alone.makespanSeconds() / alone.bound().seconds()), "x"));
        m.add(BenchResult.Metric.info("API calls per simulated second" + a, round(alone.apiCallsPerSecond()), "calls/s"));
        m.add(BenchResult.Metric.info("API calls, shared / anchor", round3((double) o.apiCalls() / alone.apiCalls()), "x"));
        for (String op : List.of("elbv2:DescribeTargetHealth", "ssm:ListCommandInvocations", "ssm:ListCommands")) {
            m.add(BenchResult.Metric.info(op + " calls", o.byOperation().getOrDefault(op, 0L), "calls"));
            m.add(BenchResult.Metric.info(op + " calls" + a, alone.byOperation().getOrDefault(op, 0L), "calls"));
        }
        long fixed = o.byOperation().entrySet().stream().filter(e -> !SHARED_READS.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        m.add(BenchResult.Metric.info("calls of no shared read (mutations, SendCommand, target lookup)", fixed, "calls"));
        m.add(BenchResult.Metric.info("makespan, shared / anchor", round3(o.makespanSeconds() / alone.makespanSeconds()), "x"));
        String j = " (journaled: SQLite FULL, defaults)";
        m.add(BenchResult.Metric.atLeast("children Success" + j, durable.successes(), "runs", instances));
        m.add(BenchResult.Metric.atMost("5xx answers" + j, durable.serverErrors(), "answers", 0));
        m.add(BenchResult.Metric.atMost("maintenance run (wall)" + j, round(durable.wallSeconds()), "s", 60));
        m.add(BenchResult.Metric.atMost("makespan / lower bound" + j, round3(durable.makespanSeconds() / durable.bound().seconds()), "x", 1.05));
        return new BenchResult(name(), method(instances, o), m);
    }

    private static String method(int instances, Outcome o) {
        MaintenanceBound b = o.bound();
        return "one run in this JVM (" + Runtime.getRuntime().availableProcessors() + " cores, shared with other builds;"
                + " wall and the thread's CPU time both reported), virtual time: " + instances + " instances in one Auto"
                + " Scaling group behind one target group (health check every 6 s, thresholds 2, deregistration delay 30 s,"
                + " timing jitter 0) on an ALB taking " + (int) TRAFFIC_RPS + " req/s for the whole run; " + DOCUMENT
                + " over tag:aws:autoscaling:groupName=" + GROUP + " with --target-parameter-name InstanceId,"
                + " max concurrency 10% (" + b.concurrency() + "), max errors 0; in-memory execution store, no live"
                + " progress. Lower bound: one child takes at least " + b.describePerChild() + " = "
                + fmt(b.perChild().toMillis() / 1000.0) + " s; children of equal, minimal length run through rate"
                + " control's window (1, doubling per completion, up to " + b.concurrency() + ") give "
                + b.waves() + " back-to-back rounds x " + fmt(b.perChild().toMillis() / 1000.0) + " s. The engine's"
                + " defaults: DescribeTargetHealth, DescribeInstanceStatus and the runCommand waits' ListCommandInvocations"
                + " of concurrent executions share one call per " + ReadCoalescer.DEFAULT_TICK.toMillis() / 1000.0
                + " s tick when two executions or more read them (waits on them then poll every tick; alone, 2 s"
                + " growing x1.5 to 30 s, +/-20%); the anchor, same fleet and seed, sends every"
                + " read on its own (the engine without shared reads)";
    }

    /** What one run measured. */
    public record Outcome(int successes, int children, long requests, long serverErrors, ExecutionRecord parent,
                          double wallSeconds, double cpuSeconds, double processCpuSeconds, double settleSeconds, double makespanSeconds,
                          long events, long apiCalls, Map<String, Long> byOperation, MaintenanceBound bound) {
        /** API calls per second of virtual time: what the polling costs on AWS's request rates. */
        public double apiCallsPerSecond() {
            return apiCalls / makespanSeconds;
        }
    }

    /**
     * Starts a fleet of {@code instances}, then runs the maintenance under traffic and measures it.
     *
     * @param docs the folder holding the document and RebootWithHealthcheck
     */
    public static Outcome measure(int instances, String maxConcurrency, Path docs, Backoff polling, PrintWriter progress) {
        return measure(instances, maxConcurrency, docs, polling, ReadCoalescer.DEFAULT_TICK, null, progress);
    }

    /**
     * As above; with {@code journalDir}, every child execution is journaled durably there (SQLite, WAL,
     * synchronous=FULL; docs/recovery.md): on virtual time each intent is awaited before its call, so the disk's
     * commits are in the wall time.
     */
    public static Outcome measure(int instances, String maxConcurrency, Path docs, Backoff polling, Duration readTick,
                                  Path journalDir, PrintWriter progress) {
        Scenario scenario = ScenarioReader.read("maintenance-bench.yaml", MaintenanceScenario.text(instances), Map.of());
        long t0 = System.nanoTime();
        SimRegion region = Scenarios.start(scenario, SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Duration.ofHours(1));
        double settle = (System.nanoTime() - t0) / 1e9;
        var cloud = region.cloud();
        var scheduler = region.scheduler();
        String tgArn = scheduler.await(cloud.elbv2().describeTargetGroups(b -> b.names(MaintenanceScenario.TARGET_GROUP)),
                Duration.ofMinutes(1)).targetGroups().get(0).targetGroupArn();
        String albArn = scheduler.await(cloud.elbv2().describeLoadBalancers(b -> b.names(MaintenanceScenario.ALB)),
                Duration.ofMinutes(1)).loadBalancers().get(0).loadBalancerArn();
        RunbookEngine.Builder builder = RunbookEngine.builder(cloud).simulated(true).seed(SimRegion.DEFAULT_SEED).docs(docs)
                .ssmDocuments(false).store(ExecutionStore.inMemory()).pollBackoff(polling).readTick(readTick);
        dev.fleetops.journal.Journal journal = journalDir == null ? null
                : dev.fleetops.journal.Journals.sqlite(journalDir, scheduler, Runnable::run);
        if (journal != null) builder.journal(journal, "bench:1:1");
        RunbookEngine engine = builder.build();
        RateControlRequest request = RateControlRequest.of(DOCUMENT, Set.of("InstanceId", "TargetGroupArn"),
                Map.of("TargetGroupArn", List.of(tgArn)), "tag:aws:autoscaling:groupName=" + GROUP, "InstanceId",
                maxConcurrency, "0");
        RateControl control = new RateControl(scheduler, engine, region.context().ids()::uuid);
        progress.println("maintenance: settled in " + Math.round(settle) + " s wall; running the maintenance...");

        long eventsBefore = scheduler.processed();
        long callsBefore = region.context().gate().totalCalls();
        Map<String, Long> byOperation = Map.copyOf(region.context().gate().calls());
        var threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long proc0 = processCpuNanos();
        long w0 = System.nanoTime();
        TrafficGenerator.Running traffic = TrafficGenerator.startOpenEnded(scheduler,
                region.elbv2().alb(albArn).orElseThrow(), TRAFFIC_RPS);
        ExecutionRecord parent = scheduler.await(control.run(request, new TargetResolver(cloud.ec2())), Duration.ofHours(12));
        TrafficReport report = traffic.stop();
        if (journal != null) journal.close(); // flushed: what was journaled is durable before the clock stops
        double wall = (System.nanoTime() - w0) / 1e9;
        var calls = new java.util.TreeMap<String, Long>();
        region.context().gate().calls().forEach((op, n) -> {
            long made = n - byOperation.getOrDefault(op, 0L);
            if (made > 0) calls.put(op, made);
        });
        progress.println("maintenance: API calls by operation " + calls);
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        double processCpu = (processCpuNanos() - proc0) / 1e9;

        int successes = 0;
        int children = 0;
        for (StepRecord s : parent.steps()) {
            for (ExecutionRecord c : s.children()) {
                children++;
                if (c.status() == Status.Success) successes++;
            }
        }
        double makespan = Duration.between(parent.start().orElseThrow(), parent.end().orElseThrow()).toMillis() / 1000.0;
        int concurrency = parent.outputs().get("Concurrency").asInt();
        MaintenanceBound bound = MaintenanceBound.of(scenario, instances, concurrency);
        return new Outcome(successes, children, report.total(), report.serverErrors(), parent, wall, cpu, processCpu, settle,
                makespan, scheduler.processed() - eventsBefore, region.context().gate().totalCalls() - callsBefore,
                Map.copyOf(calls), bound);
    }

    /** CPU time of the whole JVM (every thread, GC and JIT included); -1 where the JVM does not say. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** {@code examples/runbooks}, found from the working directory or the jar's place in the source tree. */
    static Path examplesRunbooks() {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(MaintenanceBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // no code source: the working directory only
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                Path dir = p.resolve("examples").resolve("runbooks");
                if (Files.isRegularFile(dir.resolve(DOCUMENT + ".yaml"))) return dir;
            }
        }
        throw new IllegalStateException("examples/runbooks/" + DOCUMENT + ".yaml not found: run from the fleetops"
                + " source tree");
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String fmt(double v) {
        return BenchResult.Metric.fmt(v);
    }
}

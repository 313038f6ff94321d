package dev.fleetops.bench;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.ScenarioReader;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.waiters.EventTrigger;
import dev.fleetops.waiters.ReadyPacing;
import dev.fleetops.waiters.firstready.FirstReady;
import dev.fleetops.waiters.firstready.FirstReadyResult;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusResponse;
import software.amazon.awssdk.services.ec2.waiters.Ec2AsyncWaiter;
import software.amazon.awssdk.core.waiters.WaiterResponse;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 000 side by side on the simulator's {@code asg-launch} scenario, same seed so the same instances pass their
 * checks at the same instants: fleetops' first-ready against the seed's approach in Java (one SDK
 * {@code Ec2AsyncWaiter.waitUntilInstanceStatusOk} per instance, 15 s fixed delay, on the virtual scheduler's
 * executor, {@code anyOf} for the first, then every future cancelled as the seed does).
 */
public final class FirstReadyBenchmark implements Benchmark {

    static final String DIS = "ec2:DescribeInstanceStatus";
    static final Duration TIMEOUT = Duration.ofMinutes(15);
    /** Long enough for the SDK waiters the seed "cancelled" to run out their 40 attempts. */
    static final Duration AFTERWARDS = Duration.ofMinutes(15);

    @Override
    public String name() {
        return "first-ready";
    }

    @Override
    public String description() {
        return "seed 000: first ready of N (10, 100, 1000) - calls per round, calls after the winner, "
                + "latency, throttling - fleetops vs one SDK waiter per instance";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) {
        List<BenchResult.Metric> m = new ArrayList<>();
        for (int n : quick ? List.of(10, 100) : List.of(10, 100, 1000)) {
            progress.println("first-ready: N = " + n + "...");
            Trial ours = ours(n, false, false, false);
            Trial oursRunningPolled = ours(n, true, false, false);
            Trial oursRunningEvent = ours(n, true, true, false);
            Trial seed = seed(n, false);
            int ceil = (n + 99) / 100;
            m.add(BenchResult.Metric.atMost("N=" + n + " fleetops: DescribeInstanceStatus calls per poll round",
                    ours.callsPerRound, "calls", ceil));
            m.add(BenchResult.Metric.info("N=" + n + " seed: DescribeInstanceStatus calls per poll round",
                    seed.callsPerRound, "calls"));
            m.add(BenchResult.Metric.atMost("N=" + n + " fleetops: API calls after the winner is known",
                    ours.callsAfter, "calls", 0));
            m.add(BenchResult.Metric.info("N=" + n + " seed: API calls after the winner is known (futures cancelled)",
                    seed.callsAfter, "calls"));
            m.add(BenchResult.Metric.info("N=" + n + " fleetops: checks passed -> winner known (paced)",
                    ours.latency, "s"));
            m.add(BenchResult.Metric.info("N=" + n + " seed: checks passed -> winner known (15 s fixed)",
                    seed.latency, "s"));
            m.add(BenchResult.Metric.atMost("N=" + n + " fleetops: winner known at, s after launch (target: <= the seed's)",
                    ours.knownAt, "s", seed.knownAt));
            m.add(BenchResult.Metric.info("N=" + n + " seed: winner known at, s after launch", seed.knownAt, "s"));
            m.add(BenchResult.Metric.atMost("N=" + n + " fleetops: DescribeInstanceStatus calls before the winner is known",
                    ours.callsBefore, "calls", Math.floor(seed.callsBefore / 10.0)));
            m.add(BenchResult.Metric.info("N=" + n + " seed: DescribeInstanceStatus calls before the winner is known",
                    seed.callsBefore, "calls"));
            m.add(BenchResult.Metric.atMost("N=" + n + " calls before the winner, fleetops as % of the seed's",
                    percent(ours.callsBefore, seed.callsBefore), "%", 10));
            m.add(BenchResult.Metric.atMost("N=" + n + " fleetops: peak call rate (any 60 s) as % of EC2's non-mutating "
                    + "refill (20/s)", ours.peakShare, "%", 5));
            m.add(BenchResult.Metric.info("N=" + n + " seed: peak call rate (any 60 s) as % of EC2's non-mutating refill",
                    seed.peakShare, "%"));
            m.add(BenchResult.Metric.info("N=" + n + " fleetops: total DescribeInstanceStatus calls", ours.totalDis, "calls"));
            m.add(BenchResult.Metric.info("N=" + n + " seed: total DescribeInstanceStatus calls", seed.totalDis, "calls"));
            m.add(BenchResult.Metric.info("N=" + n + " fleetops, readiness = running, polled: running -> known",
                    oursRunningPolled.latency, "s"));
            m.add(BenchResult.Metric.atMost("N=" + n + " fleetops, readiness = running, state-change event: running -> known",
                    oursRunningEvent.latency, "s", 1));
        }
        progress.println("first-ready: N = 1000 with EC2 throttling on...");
        Trial oursThrottled = ours(1000, false, false, true);
        Trial seedThrottled = seed(1000, true);
        m.add(BenchResult.Metric.atMost("N=1000 throttling on, fleetops: RequestLimitExceeded answers",
                oursThrottled.rejected, "errors", 0));
        m.add(BenchResult.Metric.info("N=1000 throttling on, fleetops found a winner", oursThrottled.found ? 1 : 0, "bool"));
        m.add(BenchResult.Metric.info("N=1000 throttling on, seed: RequestLimitExceeded answers", seedThrottled.rejected, "errors"));
        m.add(BenchResult.Metric.info("N=1000 throttling on, seed found a winner", seedThrottled.found ? 1 : 0, "bool"));
        return new BenchResult(name(), "simulator, built-in asg-launch scenario (boot ~40 s, checks ~3 min, jitter 50%), "
                + "seed " + SimRegion.DEFAULT_SEED + ", one fresh region per trial; virtual time; seed approach = one "
                + "Ec2AsyncWaiter.waitUntilInstanceStatusOk per instance (40 x 15 s), anyOf, then cancel(true) on every "
                + "future; calls counted by the simulator's API gate; run on for " + AFTERWARDS.toMinutes()
                + " min after the winner", m);
    }

    /**
     * What one trial measured.
     *
     * @param knownAt     when the winner was known, seconds after the region started (the same for both sides)
     * @param callsBefore DescribeInstanceStatus calls until then
     * @param peakShare   the most DescribeInstanceStatus calls in any 60 s until then, per second, as % of EC2's
     *                    non-mutating refill rate
     */
    private record Trial(double callsPerRound, long callsAfter, double latency, long totalDis, long rejected, boolean found,
                         double knownAt, long callsBefore, double peakShare) { }

    /**
     * Samples the DescribeInstanceStatus count every virtual second (half a second off the start, where rounds
     * begin), for the peak rate over 60 s windows: the bucket holds 100 tokens, so a rate is over a window longer
     * than one round's burst.
     */
    private static final class RateProbe {
        private final SimRegion region;
        private final List<Long> counts = new ArrayList<>();
        private boolean stopped;

        RateProbe(SimRegion region) {
            this.region = region;
            counts.add(0L);
            region.scheduler().schedule(Duration.ofMillis(500), this::sample);
        }

        private void sample() {
            if (stopped) return;
            counts.add(region.context().gate().calls("ec2", "DescribeInstanceStatus"));
            region.scheduler().schedule(Duration.ofSeconds(1), this::sample);
        }

        /** Stops sampling; the peak share of the refill rate until now. */
        double stop() {
            stopped = true;
            counts.add(region.context().gate().calls("ec2", "DescribeInstanceStatus"));
            long peak = 0;
            for (int i = 0; i < counts.size(); i++) {
                // calls in the 60 s before sample i (sample 0 is the start, before any call)
                long base = counts.get(Math.max(0, i - 60));
                peak = Math.max(peak, counts.get(i) - base);
            }
            return Math.round(peak / 60.0 / ReadyPacing.EC2_NON_MUTATING_REFILL_PER_SECOND * 1000) / 10.0;
        }
    }

    private static double percent(double a, double b) {
        return b == 0 ? Double.NaN : Math.round(a / b * 1000) / 10.0;
    }

    private static SimRegion region(int n, boolean throttling) {
        String text = Scenarios.builtinText("asg-launch") + (throttling ? "\nfaults:\n  throttling: true\n" : "");
        return Scenarios.start(ScenarioReader.read("asg-launch", text, Map.of("size", String.valueOf(n))),
                SimRegion.DEFAULT_SEED);
    }

    /** When each instance's state-change event said running, as time since the region started. */
    private static Map<String, Duration> runningEvents(SimRegion region) {
        Map<String, Duration> at = new HashMap<>();
        region.context().bus().subscribe(e -> {
            if (e.path("detail").path("state").asText().equals("running")) {
                at.putIfAbsent(e.path("detail").path("instance-id").asText(), region.scheduler().elapsed());
            }
        });
        return at;
    }

    private static Trial ours(int n, boolean runningIsReady, boolean events, boolean throttling) {
        SimRegion region = region(n, throttling);
        Map<String, Duration> running = runningEvents(region);
        FirstReady.Request req = FirstReady.Request.of("asg-launch", TIMEOUT);
        if (runningIsReady) req = req.withChecks(Set.of());
        if (events) req = req.withTrigger(EventTrigger.eventBridge(region.context().bus()::subscribe));
        long before = region.context().gate().calls(DIS.split(":")[0], DIS.split(":")[1]);
        RateProbe probe = new RateProbe(region);
        FirstReady f = FirstReady.start(region.cloud(), new Random(1), req, s -> { });
        FirstReadyResult r = region.scheduler().await(f.result(), TIMEOUT.plusMinutes(5));
        double peak = probe.stop();
        long total = region.context().gate().totalCalls();
        long callsBefore = region.context().gate().calls("ec2", "DescribeInstanceStatus") - before;
        Duration known = region.scheduler().elapsed();
        region.scheduler().runFor(AFTERWARDS);
        long after = region.context().gate().totalCalls() - total;
        long dis = region.context().gate().calls("ec2", "DescribeInstanceStatus") - before;
        double latency = Double.NaN;
        if (r.winner() != null) {
            Duration passed = runningIsReady ? running.get(r.winner())
                    : region.ec2().statusChecksDoneAt(r.winner()).orElseThrow();
            latency = seconds(known.minus(passed));
        }
        return new Trial(r.rounds() == 0 ? 0 : (double) dis / r.rounds(), after, latency, dis,
                region.context().gate().rejected().getOrDefault(DIS, 0L), r.winner() != null, seconds(known),
                callsBefore, peak);
    }

    /** Seed 000 in Java: one SDK async waiter per instance, the first to finish wins, the rest are "cancelled". */
    private static Trial seed(int n, boolean throttling) {
        SimRegion region = region(n, throttling);
        var ec2 = region.cloud().ec2();
        List<String> ids = region.scheduler().await(region.cloud().autoScaling().describeAutoScalingGroups(r -> r
                .autoScalingGroupNames("asg-launch")), Duration.ofMinutes(1)).autoScalingGroups().get(0).instances()
                .stream().map(Instance::instanceId).toList();
        long before = region.context().gate().calls("ec2", "DescribeInstanceStatus");
        RateProbe probe = new RateProbe(region);
        try (Ec2AsyncWaiter waiter = Ec2AsyncWaiter.builder().client(ec2)
                .scheduledExecutorService(region.scheduler().asScheduledExecutorService()).build()) {
            List<CompletableFuture<WaiterResponse<DescribeInstanceStatusResponse>>> futures = new ArrayList<>();
            for (String id : ids) futures.add(waiter.waitUntilInstanceStatusOk(r -> r.instanceIds(id)));
            region.scheduler().runFor(Duration.ofSeconds(1));
            long firstRound = region.context().gate().calls("ec2", "DescribeInstanceStatus") - before;
            CompletableFuture<Object> any = CompletableFuture.anyOf(futures.toArray(CompletableFuture[]::new));
            String winner = null;
            try {
                region.scheduler().await(any, TIMEOUT.plusMinutes(5));
                for (int i = 0; i < futures.size(); i++) {
                    var f = futures.get(i);
                    if (f.isDone() && !f.isCompletedExceptionally() && f.join().matched().response().isPresent()) {
                        winner = ids.get(i);
                        break;
                    }
                }
            } catch (RuntimeException e) {
                // seed 000: one waiter's error (here RequestLimitExceeded) ends the whole group with no winner
            }
            Duration known = region.scheduler().elapsed();
            double peak = probe.stop();
            long callsBefore = region.context().gate().calls("ec2", "DescribeInstanceStatus") - before;
            futures.forEach(f -> f.cancel(true)); // what the seed does; the SDK keeps polling regardless
            long total = region.context().gate().totalCalls();
            region.scheduler().runFor(AFTERWARDS);
            long after = region.context().gate().totalCalls() - total;
            long dis = region.context().gate().calls("ec2", "DescribeInstanceStatus") - before;
            double latency = winner == null ? Double.NaN
                    : seconds(known.minus(region.ec2().statusChecksDoneAt(winner).orElseThrow()));
            return new Trial(firstRound, after, latency, dis, region.context().gate().rejected().getOrDefault(DIS, 0L),
                    winner != null, seconds(known), callsBefore, peak);
        }
    }

    private static double seconds(Duration d) {
        return Math.round(d.toMillis() / 100.0) / 10.0;
    }
}

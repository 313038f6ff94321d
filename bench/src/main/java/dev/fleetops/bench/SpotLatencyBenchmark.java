package dev.fleetops.bench;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.Classified;
import dev.fleetops.events.Classifier;
import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.handlers.spot.SpotInterruptionHandler;
import dev.fleetops.handlers.spot.SpotSettings;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.Instance;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spot warning received -> DetachInstances sent, wall clock, on the simulator with zero API latency: for each
 * iteration the warning's JSON body is classified (as intake does) and handed to the spot-interruption handler;
 * the clock stops when the handler calls DetachInstances (seen through a proxy of the Auto Scaling client). The
 * path is DescribeAutoScalingInstances, DescribeAutoScalingGroups (capacity guard), DetachInstances, each an
 * answer on the virtual clock. Between iterations the detached instance is terminated and virtual time runs
 * until the group's replacement is InService, so every iteration sees a full group of 3.
 *
 * <p>Besides the wall clock, the virtual time of the same path is measured: with zero API latency it is
 * deterministic, so a test can assert it (the handler must detach at once, not after a wait or a poll).
 */
public final class SpotLatencyBenchmark implements Benchmark {

    static final double TARGET_P99_MS = 50;

    @Override
    public String name() {
        return "spot-latency";
    }

    @Override
    public String description() {
        return "Spot warning received -> DetachInstances sent, p99 wall clock (target < 50 ms)";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) {
        int warmup = quick ? 50 : 300;
        int measured = quick ? 200 : 2000;
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()));
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        long[] detachAt = new long[1];
        java.time.Instant[] detachVirtual = new java.time.Instant[1];
        Cloud base = region.cloud();
        Cloud cloud = base.withClient(AutoScalingAsyncClient.class,
                watchDetach(base.autoScaling(), detachAt, () -> detachVirtual[0] = region.scheduler().now()));
        SpotInterruptionHandler handler = new SpotInterruptionHandler(SpotSettings.defaults());
        Classifier classifier = new Classifier(base.region());
        long[] samples = new long[measured];
        long[] virtualSamples = new long[measured];
        progress.printf(Locale.ROOT, "spot-latency: %d warm-up + %d measured interruptions on the web scenario%n", warmup, measured);
        for (int i = 0; i < warmup + measured; i++) {
            String victim = inService(region).get(0);
            String body = warning(victim, region.scheduler().now().toString(), i);
            detachAt[0] = 0;
            java.time.Instant virtualStart = region.scheduler().now();
            long start = System.nanoTime();
            Classified c = classifier.classify(body, region.scheduler().now());
            Event e = ((Classified.Accepted) c).event();
            Recorder rec = new Recorder(cloud.scheduler(), handler.name(), e, e.deadline());
            HandlerContext ctx = new HandlerContext(cloud, cloud.scheduler(),
                    (d, p) -> { throw new UnsupportedOperationException(); }, rec,
                    IdempotencyStores.inMemory(cloud.scheduler()), effect -> { });
            handler.handle(e, ctx);
            if (!region.scheduler().runUntil(() -> detachAt[0] != 0, Duration.ofMinutes(1))) {
                throw new IllegalStateException("iteration " + i + ": DetachInstances was never sent");
            }
            if (i >= warmup) {
                samples[i - warmup] = detachAt[0] - start;
                virtualSamples[i - warmup] = Duration.between(virtualStart, detachVirtual[0]).toNanos();
            }
            region.ec2().terminate(victim, "benchmark: the interruption");
            region.scheduler().runUntil(() -> inService(region).size() >= 3, Duration.ofMinutes(15));
        }
        Arrays.sort(samples);
        double p50 = ms(samples[measured / 2]);
        double p99 = ms(samples[(int) Math.ceil(measured * 0.99) - 1]);
        double max = ms(samples[measured - 1]);
        Arrays.sort(virtualSamples);
        double virtualP99 = ms(virtualSamples[(int) Math.ceil(measured * 0.99) - 1]);
        return new BenchResult(name(), "wall clock from the warning's JSON body to the DetachInstances call, "
                + measured + " interruptions after " + warmup + " warm-up, web scenario (3 InService), simulator with "
                + "zero API latency, one thread",
                List.of(BenchResult.Metric.info("p50", p50, "ms"),
                        BenchResult.Metric.atMost("p99", p99, "ms", TARGET_P99_MS),
                        BenchResult.Metric.info("max", max, "ms"),
                        BenchResult.Metric.atMost("p99 in virtual time", virtualP99, "ms", TARGET_P99_MS)));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static List<String> inService(SimRegion region) {
        List<String> out = new ArrayList<>();
        region.context().gate().backstage(() -> {
            for (Instance i : region.scheduler().await(region.cloud().autoScaling().describeAutoScalingGroups(b -> b
                    .autoScalingGroupNames("web")), Duration.ofMinutes(1)).autoScalingGroups().get(0).instances()) {
                if ("InService".equals(i.lifecycleStateAsString())) out.add(i.instanceId());
            }
            return null;
        });
        return out;
    }

    private static String warning(String instanceId, String time, int n) {
        return String.format(Locale.ROOT, """
                {"version":"0","id":"bench-%d","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2",
                 "account":"123456789012","time":"%s","region":"us-east-1",
                 "resources":["arn:aws:ec2:us-east-1a:instance/%s"],
                 "detail":{"instance-id":"%s","instance-action":"terminate"}}""", n, time, instanceId, instanceId);
    }

    /** The Auto Scaling client, noting the wall-clock time of the first DetachInstances call (and its virtual time). */
    private static AutoScalingAsyncClient watchDetach(AutoScalingAsyncClient real, long[] at, Runnable atVirtual) {
        return (AutoScalingAsyncClient) Proxy.newProxyInstance(AutoScalingAsyncClient.class.getClassLoader(),
                new Class<?>[] {AutoScalingAsyncClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("detachInstances") && at[0] == 0) {
                        at[0] = System.nanoTime();
                        atVirtual.run();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

package dev.fleetops.sim.cloudwatch;

import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.sqs.SqsSim;
import dev.fleetops.time.VirtualScheduler;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Simulated Amazon CloudWatch: metric alarms evaluated on the virtual clock over the region's metrics. Custom
 * metrics come from PutMetricData; of AWS's own metrics the simulator publishes Amazon SQS's queue depths
 * ({@code AWS/SQS} ApproximateNumberOfMessagesVisible, ...NotVisible, ...Delayed by QueueName, "Available
 * CloudWatch metrics for Amazon SQS": one datapoint a minute), for the queues an alarm watches. Alarms are evaluated
 * once a minute (every 10 s when one has a high-resolution period of 10 or 30 s), as CloudWatch evaluates them.
 */
public final class CloudWatchSim {

    static final String SQS_NAMESPACE = "AWS/SQS";
    private static final long MINUTE_MILLIS = 60_000;
    private static final long TICK_MILLIS = 10_000;

    private final SimContext ctx;
    private final SqsSim sqs;
    private final MetricStore metrics = new MetricStore();
    private final Alarms alarms;
    private final VirtualScheduler.Timer tick;
    private final CloudWatchAsyncClient client;
    private boolean ticking;

    public CloudWatchSim(SimContext ctx, SqsSim sqs) {
        this.ctx = ctx;
        this.sqs = sqs;
        this.alarms = new Alarms(ctx.region(), ctx.accountId());
        this.tick = ctx.scheduler().timer(this::tick);
        this.client = new SimCloudWatchClient(ctx, this);
    }

    public CloudWatchAsyncClient client() {
        return client;
    }

    MetricStore metrics() {
        return metrics;
    }

    Alarms alarms() {
        return alarms;
    }

    Instant now() {
        return ctx.scheduler().now();
    }

    /** Starts the evaluation clock with the first alarm; it stops when the last one is deleted. */
    void alarmsChanged() {
        if (!ticking && !alarms.all().isEmpty()) {
            ticking = true;
            armNext();
        }
    }

    private void armNext() {
        long now = now().toEpochMilli();
        long next = (now / TICK_MILLIS + 1) * TICK_MILLIS; // on the clock's 10 s boundaries, as periods are aligned
        tick.armNanos((next - now) * 1_000_000L);
    }

    private void tick() {
        if (alarms.all().isEmpty()) {
            ticking = false;
            return;
        }
        Instant now = now();
        long millis = now.toEpochMilli();
        boolean minute = millis % MINUTE_MILLIS == 0;
        if (minute) {
            publishSqsMetrics(millis);
            metrics.prune(millis);
        }
        for (SimAlarm a : List.copyOf(alarms.all())) {
            if (minute || a.config.period() < 60 && millis % (a.config.period() * 1000L) == 0) a.evaluate(metrics, now);
        }
        armNext();
    }

    /** A datapoint for the minute that just ended, for each watched metric of an existing queue. */
    private void publishSqsMetrics(long millis) {
        Set<String> done = new HashSet<>();
        for (SimAlarm a : alarms.all()) {
            var c = a.config;
            if (!SQS_NAMESPACE.equals(c.namespace()) || !c.hasDimensions() || c.dimensions().size() != 1) continue;
            Dimension d = c.dimensions().get(0);
            if (!d.name().equals("QueueName") || !done.add(a.metricKey)) continue;
            sqs.approximateCount(d.value(), c.metricName()).ifPresent(n ->
                    metrics.add(a.metricKey, MetricStore.single(n, millis - MINUTE_MILLIS, "Count")));
        }
    }
}

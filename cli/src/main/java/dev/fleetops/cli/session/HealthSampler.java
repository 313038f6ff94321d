package dev.fleetops.cli.session;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples every target group's DescribeTargetHealth at a fixed interval while a run goes on, so reports can draw
 * each instance's target state over time. Reads through the SDK, so it works the same on AWS.
 */
public final class HealthSampler {

    /** @param states target id -> state ("healthy", "draining"...; "absent" when not listed) */
    public record Sample(Instant time, Map<String, String> states) { }

    private final Session session;
    private final Duration interval;
    private final List<TargetGroup> groups;
    private final List<Sample> samples = new ArrayList<>();
    private Scheduler.Cancellable timer;
    private boolean stopped;

    private HealthSampler(Session session, Duration interval, List<TargetGroup> groups) {
        this.session = session;
        this.interval = interval;
        this.groups = groups;
    }

    public static HealthSampler start(Session session, Duration interval) {
        var tgs = session.await(session.cloud().elbv2().describeTargetGroups(b -> { }), Duration.ofMinutes(1)).targetGroups();
        HealthSampler s = new HealthSampler(session, interval, tgs);
        s.sample();
        return s;
    }

    private void sample() {
        if (stopped) return;
        Instant now = session.cloud().scheduler().now();
        Map<String, String> states = new LinkedHashMap<>();
        var calls = groups.stream().map(tg -> session.cloud().elbv2()
                .describeTargetHealth(b -> b.targetGroupArn(tg.targetGroupArn()))
                .thenAccept(r -> r.targetHealthDescriptions().forEach(d ->
                        states.put(d.target().id(), d.targetHealth().stateAsString()))).toCompletableFuture()).toList();
        java.util.concurrent.CompletableFuture.allOf(calls.toArray(new java.util.concurrent.CompletableFuture[0]))
                .whenComplete((v, e) -> {
                    synchronized (samples) {
                        samples.add(new Sample(now, states));
                    }
                    if (!stopped) timer = session.cloud().scheduler().schedule(interval, this::sample);
                });
    }

    public List<Sample> stop() {
        stopped = true;
        if (timer != null) timer.cancel();
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}

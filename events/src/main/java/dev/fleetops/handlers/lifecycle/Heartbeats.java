package dev.fleetops.handlers.lifecycle;

import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.handlers.Api;
import dev.fleetops.handlers.AwsErrors;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;

import java.time.Duration;
import java.time.Instant;

/**
 * RecordLifecycleActionHeartbeat every {@code interval} while a lifecycle action is being worked on (reference
 * section 9 item 12): stops at the hook's GlobalTimeout (the action ends then whatever we do), when AWS answers
 * ValidationError (the action already finished), and on {@link #stop()}, which every exit path of the handler
 * calls: a leaked heartbeat loop keeps a dead action alive and multiplies with each redelivery (NTH #1172).
 */
final class Heartbeats {

    static final String BY_HANDLER = "stopped by the handler";

    private final Api api;
    private final Scheduler scheduler;
    private final AutoScalingAsyncClient asg;
    private final HandlerContext ctx;
    private final LifecycleAction action;
    private final Duration interval;
    private final Instant until;

    private volatile boolean stopped;
    private volatile Scheduler.Cancellable timer;
    private volatile int sent;
    private volatile String stopReason = "";

    Heartbeats(Api api, AutoScalingAsyncClient asg, HandlerContext ctx, LifecycleAction action, Duration interval,
               Instant until) {
        this.api = api;
        this.scheduler = api.scheduler();
        this.asg = asg;
        this.ctx = ctx;
        this.action = action;
        this.interval = interval;
        this.until = until;
    }

    Heartbeats start() {
        next();
        return this;
    }

    /** Idempotent; safe from any thread and from any exit path. */
    void stop() {
        stop(BY_HANDLER);
    }

    boolean running() {
        return !stopped;
    }

    int sent() {
        return sent;
    }

    String stopReason() {
        return stopReason;
    }

    private synchronized void stop(String why) {
        if (stopped) return;
        stopped = true;
        stopReason = why;
        Scheduler.Cancellable t = timer;
        if (t != null) t.cancel();
    }

    private void next() {
        if (stopped) return;
        if (!scheduler.now().plus(interval).isBefore(until)) {
            // The next heartbeat would come at or after GlobalTimeout: the action ends then anyway.
            timer = scheduler.schedule(Duration.between(scheduler.now(), until), () -> stop("GlobalTimeout reached"));
            return;
        }
        timer = scheduler.schedule(interval, this::beat);
    }

    private void beat() {
        if (stopped) return;
        api.call("autoscaling", "RecordLifecycleActionHeartbeat", () -> asg.recordLifecycleActionHeartbeat(b -> {
                    b.autoScalingGroupName(action.group()).lifecycleHookName(action.hook()).instanceId(action.instanceId());
                    action.token().ifPresent(b::lifecycleActionToken);
                }), "AutoScalingGroupName", action.group(), "LifecycleHookName", action.hook(), "InstanceId", action.instanceId())
                .whenComplete((r, e) -> {
                    if (e == null) {
                        sent++;
                        ctx.effect(action.instanceId(), Effect.HEARTBEAT);
                        next();
                    } else if (AwsErrors.is(e, "ValidationError")) {
                        stop("the lifecycle action already finished (" + AwsErrors.message(e) + ")");
                    } else {
                        next(); // a transient failure: the next heartbeat may still arrive in time
                    }
                });
    }
}

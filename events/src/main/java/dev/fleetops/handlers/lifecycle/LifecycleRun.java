package dev.fleetops.handlers.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.fleetops.events.spi.RunbookParameter;
import dev.fleetops.events.spi.ActionKey;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.Api;
import dev.fleetops.handlers.AwsErrors;
import dev.fleetops.handlers.Managed;
import dev.fleetops.handlers.TargetDrain;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingInstancesResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeLifecycleHooksResponse;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One lifecycle action worked: check it is still waiting, read the hook, heartbeat, do the work, complete it.
 * Heartbeats stop on every exit path: success, give-up, an exception anywhere, and cancellation of the returned
 * stage (the daemon shutting down releases the message for another worker).
 */
final class LifecycleRun {

    static final Duration DRAIN_KEY_TTL = Duration.ofHours(6);

    private final LifecycleSettings settings;
    private final Event event;
    private final HandlerContext ctx;
    private final Recorder rec;
    private final Api api;
    private final Scheduler scheduler;
    private final AutoScalingAsyncClient asg;
    private final CompletableFuture<HandlerRecord> result = new CompletableFuture<>();
    private LifecycleAction action;
    private Heartbeats heartbeats;
    private Instant giveUpAt;
    private boolean earlyStopNoted;

    LifecycleRun(LifecycleSettings settings, Event event, HandlerContext ctx) {
        this.settings = settings;
        this.event = event;
        this.ctx = ctx;
        this.rec = ctx.recorder();
        this.scheduler = ctx.scheduler();
        this.api = Api.of(ctx);
        this.asg = ctx.cloud().autoScaling();
    }

    CompletableFuture<HandlerRecord> run() {
        StringBuilder problem = new StringBuilder();
        Optional<LifecycleAction> a = LifecycleAction.of(event, problem);
        if (a.isEmpty()) return CompletableFuture.completedFuture(rec.failed(problem.toString()));
        action = a.get();
        rec.output("AutoScalingGroupName", action.group());
        rec.output("LifecycleHookName", action.hook());
        rec.output("InstanceId", action.instanceId());
        if (!wanted()) {
            rec.note(action.transition() + " is not handled here (transitions: " + settings.transitions() + ")");
            return CompletableFuture.completedFuture(rec.finish(Status.Success));
        }
        result.whenComplete((r, e) -> stopHeartbeats()); // also when the caller cancels
        try {
            Managed.refusal(ctx, api, action.instanceId(), Optional.of(action.group())).thenCompose(refused -> refused.isPresent()
                    ? CompletableFuture.completedFuture(Managed.skipped(ctx, action.instanceId(), refused.get()))
                    : stillWaiting().thenCompose(waiting -> waiting ? readHook().thenCompose(this::withHook) : finishNow()))
                    .whenComplete((r, e) -> {
                        stopHeartbeats();
                        result.complete(e == null ? r : rec.failed("lifecycle-hook failed: " + AwsErrors.message(e)));
                    });
        } catch (RuntimeException e) {
            stopHeartbeats();
            result.complete(rec.failed("lifecycle-hook failed: " + e));
        }
        return result;
    }

    private boolean wanted() {
        return settings.transitions().equals("both")
                || settings.transitions().equals(action.terminating() ? "terminate" : "launch");
    }

    /** A redelivered or duplicate event for an action that already ended has nothing left to do. */
    private CompletableFuture<Boolean> stillWaiting() {
        return api.<DescribeAutoScalingInstancesResponse>call("autoscaling", "DescribeAutoScalingInstances",
                () -> asg.describeAutoScalingInstances(b -> b.instanceIds(action.instanceId())),
                "InstanceId", action.instanceId()).thenApply(r -> {
                    String state = r.autoScalingInstances().isEmpty() ? "gone" : r.autoScalingInstances().get(0).lifecycleState();
                    String waiting = action.terminating() ? "Terminating:Wait" : "Pending:Wait";
                    if (waiting.equals(state)) return true;
                    rec.note(action.instanceId() + " is " + state + ", not " + waiting
                            + ": the lifecycle action already finished; nothing to do");
                    return false;
                });
    }

    private CompletableFuture<Optional<LifecycleHook>> readHook() {
        return api.<DescribeLifecycleHooksResponse>call("autoscaling", "DescribeLifecycleHooks",
                () -> asg.describeLifecycleHooks(b -> b.autoScalingGroupName(action.group()).lifecycleHookNames(action.hook())),
                "AutoScalingGroupName", action.group(), "LifecycleHookName", action.hook())
                .thenApply(r -> r.lifecycleHooks().stream().findFirst());
    }

    private CompletableFuture<HandlerRecord> withHook(Optional<LifecycleHook> hook) {
        if (hook.isEmpty()) {
            rec.note("hook " + action.hook() + " of " + action.group() + " no longer exists: nothing to complete");
            return finishNow();
        }
        Duration timeout = Duration.ofSeconds(hook.get().heartbeatTimeout());
        Duration global = Duration.ofSeconds(hook.get().globalTimeout() != null ? hook.get().globalTimeout()
                : Math.min(172_800, 100L * hook.get().heartbeatTimeout()));
        Duration interval = settings.heartbeatInterval().orElse(timeout.dividedBy(2));
        if (interval.compareTo(timeout) >= 0) {
            rec.note("warning: heartbeat-interval " + interval.toSeconds() + " s is not below the hook's HeartbeatTimeout "
                    + timeout.toSeconds() + " s: the action can time out between heartbeats");
        }
        Instant ends = event.timeOrReceived().plus(global);
        giveUpAt = ends.isBefore(scheduler.now().plus(settings.maxTime())) ? ends : scheduler.now().plus(settings.maxTime());
        rec.output("HeartbeatIntervalSeconds", Long.toString(interval.toSeconds()));
        if (result.isDone()) return finishNow(); // cancelled before the hook was read: start nothing
        heartbeats = new Heartbeats(api, asg, ctx, action, interval, ends).start();
        if (result.isDone()) stopHeartbeats(); // cancelled meanwhile from another thread
        CompletableFuture<Optional<String>> work;
        try {
            work = action.terminating() ? drain().thenCompose(r -> r.isPresent()
                    ? CompletableFuture.completedFuture(r) : runbook()) : runbook();
        } catch (RuntimeException e) {
            work = CompletableFuture.failedFuture(e);
        }
        // The work is bounded by max-time and the hook's GlobalTimeout: past that, give up explicitly.
        CompletableFuture<Void> timer = scheduler.delay(Duration.between(scheduler.now(), giveUpAt));
        CompletableFuture<Optional<String>> limit = timer.thenApply(v -> Optional.of("no result within max-time "
                + settings.maxTime().toSeconds() + " s or the hook's GlobalTimeout"));
        CompletableFuture<Optional<String>> bounded = work.applyToEither(limit, x -> x)
                .whenComplete((r, e) -> timer.cancel(false));
        // Any error in the work is a give-up: ABANDON explicitly rather than letting the hook time out.
        return bounded.exceptionally(e -> Optional.of("error: " + AwsErrors.message(e))).thenCompose(this::complete);
    }

    /** @return why it gives up, or empty when the instance is drained */
    private CompletableFuture<Optional<String>> drain() {
        if (!settings.deregister()) return CompletableFuture.completedFuture(Optional.empty());
        String key = IdempotencyStore.actionKey(new ActionKey(action.instanceId(), "drain"));
        IdempotencyStore.Claim claim = ctx.idempotency().claim(key, event.id(), DRAIN_KEY_TTL);
        if (claim == IdempotencyStore.Claim.DONE) {
            rec.note(action.instanceId() + " was already drained (event " + ctx.idempotency().owner(key).orElse("?")
                    + "): no second drain");
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Instant start = scheduler.now();
        CompletableFuture<Optional<String>> drained = api.<DescribeAutoScalingGroupsResponse>call("autoscaling",
                        "DescribeAutoScalingGroups", () -> asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(action.group())),
                        "AutoScalingGroupName", action.group())
                .thenCompose(r -> {
                    List<String> tgs = r.autoScalingGroups().isEmpty() ? List.of() : r.autoScalingGroups().get(0).targetGroupARNs();
                    if (tgs.isEmpty()) {
                        rec.note("the group has no target groups: nothing to drain");
                        return CompletableFuture.completedFuture(Optional.<String>empty());
                    }
                    List<CompletableFuture<?>> deregistered = new ArrayList<>();
                    for (String tg : tgs) {
                        deregistered.add(api.call("elbv2", "DeregisterTargets", () -> ctx.cloud().elbv2().deregisterTargets(
                                b -> b.targetGroupArn(tg).targets(t -> t.id(action.instanceId()))),
                                "TargetGroupArn", tg, "Target", action.instanceId()));
                    }
                    Duration bound = min(settings.drainTimeout(), Duration.between(scheduler.now(), giveUpAt));
                    return CompletableFuture.allOf(deregistered.toArray(CompletableFuture[]::new))
                            .thenCompose(v -> new TargetDrain(api, ctx.cloud().elbv2()).await(action.instanceId(), tgs, bound))
                            .thenApply(results -> {
                                List<String> left = results.stream().filter(x -> !x.drained())
                                        .map(x -> x.targetGroupArn() + " (" + x.lastSeen() + ")").toList();
                                Map<String, JsonNode> out = new LinkedHashMap<>();
                                out.put("TargetGroups", IntNode.valueOf(tgs.size()));
                                rec.step("drain", "lifecycle-hook", left.isEmpty() ? Status.Success : Status.TimedOut, start,
                                        out, left.isEmpty() ? Optional.empty() : Optional.of("still draining: " + left));
                                return left.isEmpty() ? Optional.<String>empty()
                                        : Optional.of("draining did not end within " + bound.toSeconds() + " s: " + left);
                            });
                });
        return drained.whenComplete((r, e) -> {
            if (claim != IdempotencyStore.Claim.CLAIMED) return;
            if (e == null && r.isEmpty()) ctx.idempotency().complete(key, DRAIN_KEY_TTL);
            else ctx.idempotency().release(key);
        });
    }

    /** @return why it gives up, or empty when there is no runbook or it succeeded */
    private CompletableFuture<Optional<String>> runbook() {
        if (settings.runbook().isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
        String doc = settings.runbook().get();
        Map<String, List<String>> params = new LinkedHashMap<>();
        Optional<String> unresolved = RunbookParameter.resolve(settings.runbookParameters(), event.envelopeJson(), params);
        if (unresolved.isPresent()) return CompletableFuture.completedFuture(unresolved);
        Instant start = scheduler.now();
        return ctx.runbook(1, doc, params).toCompletableFuture().handle((ExecutionRecord x, Throwable e) -> {
            if (e != null) return Optional.of("runbook " + doc + " could not start: " + AwsErrors.message(e));
            rec.runbook(x);
            rec.step("runbook", "lifecycle-hook", x.status(), start, Map.of(), x.failureMessage());
            return x.status() == Status.Success ? Optional.<String>empty()
                    : Optional.of("runbook " + doc + " ended " + x.status() + x.failureMessage().map(m -> ": " + m).orElse(""));
        });
    }

    private CompletableFuture<HandlerRecord> complete(Optional<String> giveUp) {
        stopHeartbeats();
        if (result.isDone()) return CompletableFuture.completedFuture(null); // cancelled: leave it to redelivery
        String verdict = giveUp.isEmpty() ? "CONTINUE" : "ABANDON";
        return api.call("autoscaling", "CompleteLifecycleAction", () -> asg.completeLifecycleAction(b -> {
                    b.autoScalingGroupName(action.group()).lifecycleHookName(action.hook()).lifecycleActionResult(verdict)
                            .instanceId(action.instanceId());
                    action.token().ifPresent(b::lifecycleActionToken);
                }), "AutoScalingGroupName", action.group(), "LifecycleHookName", action.hook(),
                "InstanceId", action.instanceId(), "LifecycleActionResult", verdict)
                .handle((r, e) -> {
                    if (e != null && !AwsErrors.is(e, "ValidationError")) {
                        return rec.failed("CompleteLifecycleAction " + verdict + " failed: " + AwsErrors.message(e));
                    }
                    if (e != null) rec.note("the lifecycle action had already finished (" + AwsErrors.message(e) + ")");
                    rec.output("LifecycleActionResult", verdict);
                    return giveUp.isEmpty() ? rec.finish(Status.Success) : rec.failed("abandoned: " + giveUp.get());
                });
    }

    private void stopHeartbeats() {
        Heartbeats h = heartbeats;
        if (h == null) return;
        boolean wasRunning = h.running();
        h.stop();
        rec.output("Heartbeats", Integer.toString(h.sent()));
        if (!wasRunning && !earlyStopNoted && !h.stopReason().equals(Heartbeats.BY_HANDLER)) {
            earlyStopNoted = true;
            rec.note("heartbeats stopped early: " + h.stopReason());
        }
    }

    private CompletableFuture<HandlerRecord> finishNow() {
        return CompletableFuture.completedFuture(rec.finish(Status.Success));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

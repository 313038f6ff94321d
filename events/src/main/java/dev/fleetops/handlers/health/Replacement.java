package dev.fleetops.handlers.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.Api;
import dev.fleetops.handlers.Managed;
import dev.fleetops.handlers.ReplacementWaiter;
import dev.fleetops.handlers.TargetDrain;
import dev.fleetops.json.Json;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingInstancesResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One instance with a scheduled change replaced through its Auto Scaling group, capacity first:
 * <ol>
 *   <li>resolve-group: DescribeAutoScalingInstances; only InService members are replaced;</li>
 *   <li>scale-out: SetDesiredCapacity to one more than the group's desired capacity (decided once per run, in the
 *       journal, so that a continued run does not raise it twice), unless MaxSize leaves no room;</li>
 *   <li>wait-replacement: {@link ReplacementWaiter} until the group has as many other instances InService and
 *       healthy as it had desired, ending {@code margin} before the scheduled start;</li>
 *   <li>terminate: TerminateInstanceInAutoScalingGroup, decrementing the capacity raised in step 2 (the group
 *       deregisters the instance from its target groups and waits for the draining before it terminates it);</li>
 *   <li>drain: {@link TargetDrain} follows it to {@code unused}.</li>
 * </ol>
 * A replacement that is not healthy in time leaves the instance in service and fails the run (the event is
 * redelivered) while the scheduled start is still ahead; at the start the instance goes anyway, so then it is taken
 * out regardless, and the record says so.
 */
final class Replacement {

    static final Set<String> CONTENTION = Set.of("ResourceContention");

    /** The capacity decision journaled by the first run: the desired capacity found and whether it was raised. */
    record ScaleOut(int desired, int maxSize, boolean raised) { }

    private final ScheduledChangeSettings settings;
    private final HandlerContext ctx;
    private final Recorder rec;
    private final Api api;
    private final AutoScalingAsyncClient asg;
    private final String instanceId;
    private final Optional<Instant> start;
    private String group;
    private List<String> targetGroups = List.of();

    Replacement(ScheduledChangeSettings settings, HandlerContext ctx, String instanceId, Optional<Instant> start) {
        this.settings = settings;
        this.ctx = ctx;
        this.rec = ctx.recorder();
        this.api = Api.of(ctx);
        this.asg = ctx.cloud().autoScaling();
        this.instanceId = instanceId;
        this.start = start;
    }

    /** @return why the replacement failed, or empty */
    CompletableFuture<Optional<String>> run() {
        Instant began = rec.now();
        return member().thenCompose(d -> {
            if (d.isEmpty()) {
                step("resolve-group", began, Map.of());
                rec.note(instanceId + " is not in an Auto Scaling group (or is gone): nothing to replace; give the"
                        + " handler a runbook to act on standalone instances");
                return none();
            }
            group = d.get().autoScalingGroupName();
            String state = d.get().lifecycleState();
            step("resolve-group", began, Map.of("AutoScalingGroupName", TextNode.valueOf(group),
                    "LifecycleState", TextNode.valueOf(state)));
            if (!"InService".equals(state)) {
                rec.note(instanceId + " is " + state + " in " + group + ": only InService members are replaced; nothing to do");
                return none();
            }
            // serve's scope (managed tag, allow-list), the same check as the other handlers that act on groups
            return Managed.refusal(ctx, api, instanceId, Optional.of(group)).thenCompose(refused -> {
                if (refused.isPresent()) {
                    rec.note("skipped: " + refused.get() + "; nothing done");
                    return none();
                }
                return scaleOut();
            });
        });
    }

    private CompletableFuture<Optional<String>> scaleOut() {
        Instant began = rec.now();
        return describeGroup().thenCompose(g -> {
            targetGroups = g.targetGroupARNs();
            return api.journal().once("scale-out " + instanceId, () -> CompletableFuture.completedFuture(
                    Json.tree(new ScaleOut(g.desiredCapacity(), g.maxSize(), g.desiredCapacity() < g.maxSize()))));
        }).thenCompose(decided -> {
            ScaleOut so = Json.MAPPER.convertValue(decided, ScaleOut.class);
            CompletableFuture<Void> raised = CompletableFuture.completedFuture(null);
            if (so.raised()) {
                String n = Integer.toString(so.desired() + 1);
                raised = api.retrying("autoscaling", "SetDesiredCapacity", CONTENTION, Duration.ofMillis(500), waitEnd(),
                                () -> asg.setDesiredCapacity(b -> b.autoScalingGroupName(group).desiredCapacity(so.desired() + 1)
                                        .honorCooldown(false)),
                                "AutoScalingGroupName", group, "DesiredCapacity", n, "HonorCooldown", "false")
                        .thenRun(() -> rec.note("desired capacity of " + group + " raised from " + so.desired() + " to " + n
                                + " so that a replacement serves before " + instanceId + " leaves"));
            } else {
                rec.note("MaxSize " + so.maxSize() + " of " + group + " leaves no room to scale out first: " + instanceId
                        + " is replaced after it leaves (one instance less meanwhile)");
            }
            return raised.thenCompose(v -> {
                step("scale-out", began, Map.of("DesiredCapacity", IntNode.valueOf(so.desired() + (so.raised() ? 1 : 0))));
                return so.raised() ? waitForReplacement(so) : terminate(so);
            });
        });
    }

    private CompletableFuture<Optional<String>> waitForReplacement(ScaleOut so) {
        Instant began = rec.now();
        Duration bound = Duration.between(began, waitEnd());
        if (bound.isNegative() || bound.isZero()) {
            rec.deadlineNote("no time left before " + waitEnd() + " to wait for a replacement: " + instanceId + " taken out at once");
            return terminate(so);
        }
        return new ReplacementWaiter(api, asg, ctx.cloud().elbv2(), group, targetGroups, instanceId)
                .await(so.desired(), bound, settings.replacementPoll())
                .thenCompose(w -> {
                    step("wait-replacement", began, Map.of("InService", IntNode.valueOf(w.inService()),
                            "Target", IntNode.valueOf(so.desired())));
                    if (w.reached()) return terminate(so);
                    boolean startReached = start.isPresent() && !rec.now().isBefore(start.get().minus(settings.margin()));
                    if (!startReached) {
                        return CompletableFuture.completedFuture(Optional.of("no healthy replacement within "
                                + settings.replacementTimeout().toMinutes() + " min (" + w.lastSeen() + "): " + instanceId
                                + " stays in service; the event is retried"));
                    }
                    rec.deadlineNote("the replacement was not healthy by " + waitEnd() + " (" + w.lastSeen()
                            + "): " + instanceId + " taken out anyway, the scheduled change takes it at " + start.get());
                    return terminate(so);
                });
    }

    /** Described first: a continued run whose terminate was already sent must not send it (and decrement) again. */
    private CompletableFuture<Optional<String>> terminate(ScaleOut so) {
        Instant began = rec.now();
        return member().thenCompose(d -> {
            String state = d.map(AutoScalingInstanceDetails::lifecycleState).orElse("gone");
            if (!state.equals("InService") && !state.equals("Standby")) {
                rec.note(instanceId + " is " + state + ": already leaving the group, not terminated again");
                return drain();
            }
            String decrement = Boolean.toString(so.raised());
            return api.retrying("autoscaling", "TerminateInstanceInAutoScalingGroup", CONTENTION, Duration.ofMillis(500),
                            start.orElse(began.plus(Duration.ofMinutes(5))),
                            () -> asg.terminateInstanceInAutoScalingGroup(b -> b.instanceId(instanceId)
                                    .shouldDecrementDesiredCapacity(so.raised())),
                            "InstanceId", instanceId, "ShouldDecrementDesiredCapacity", decrement)
                    .thenCompose(r -> {
                        step("terminate", began, Map.of("ShouldDecrementDesiredCapacity", TextNode.valueOf(decrement)));
                        rec.output("ReplacedAt " + instanceId, rec.now().toString());
                        ctx.effect(instanceId, Effect.REPLACED);
                        return drain();
                    });
        });
    }

    private CompletableFuture<Optional<String>> drain() {
        if (targetGroups.isEmpty()) return none();
        Instant began = rec.now();
        return new TargetDrain(api, ctx.cloud().elbv2()).await(instanceId, targetGroups, settings.drainTimeout())
                .thenApply(results -> {
                    List<String> left = results.stream().filter(x -> !x.drained())
                            .map(x -> x.targetGroupArn() + " (" + x.lastSeen() + ")").toList();
                    rec.step("drain " + instanceId, ScheduledChangeHandler.NAME, left.isEmpty() ? Status.Success : Status.TimedOut,
                            began, Map.of("TargetGroups", IntNode.valueOf(targetGroups.size())),
                            left.isEmpty() ? Optional.empty() : Optional.of("still draining: " + left));
                    if (!left.isEmpty()) rec.note(instanceId + " still draining after " + settings.drainTimeout().toSeconds()
                            + " s: " + left + " (the group terminates it once drained)");
                    return Optional.<String>empty();
                });
    }

    /** When the replacement wait must end: {@code margin} before the start, and within replacement-timeout. */
    private Instant waitEnd() {
        Instant byTimeout = rec.now().plus(settings.replacementTimeout());
        if (start.isEmpty()) return byTimeout;
        Instant byStart = start.get().minus(settings.margin());
        return byStart.isBefore(byTimeout) ? byStart : byTimeout;
    }

    private CompletableFuture<Optional<AutoScalingInstanceDetails>> member() {
        return api.<DescribeAutoScalingInstancesResponse>call("autoscaling", "DescribeAutoScalingInstances",
                () -> asg.describeAutoScalingInstances(b -> b.instanceIds(instanceId)), "InstanceId", instanceId)
                .thenApply(r -> r.autoScalingInstances().stream().findFirst());
    }

    private CompletableFuture<AutoScalingGroup> describeGroup() {
        return api.<DescribeAutoScalingGroupsResponse>call("autoscaling", "DescribeAutoScalingGroups",
                        () -> asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group)), "AutoScalingGroupName", group)
                .thenApply(r -> {
                    if (r.autoScalingGroups().isEmpty()) throw new IllegalStateException("group " + group + " is gone");
                    return r.autoScalingGroups().get(0);
                });
    }

    private void step(String name, Instant began, Map<String, JsonNode> outputs) {
        rec.step(name + " " + instanceId, ScheduledChangeHandler.NAME, Status.Success, began, outputs, Optional.empty());
    }

    private static CompletableFuture<Optional<String>> none() {
        return CompletableFuture.completedFuture(Optional.empty());
    }
}

package dev.fleetops.handlers.spot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.Api;
import dev.fleetops.handlers.AwsErrors;
import dev.fleetops.handlers.Managed;
import dev.fleetops.handlers.ReplacementWaiter;
import dev.fleetops.handlers.TargetDrain;
import dev.fleetops.json.Json;
import dev.fleetops.time.Scheduler;
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
 * One Spot warning (or proactive rebalance recommendation) handled, step by step:
 * <ol>
 *   <li>resolve-group: DescribeAutoScalingInstances; a group outside the serve's scope ({@link Managed}) is
 *   skipped; only InService (and Standby) members are detached;</li>
 *   <li>capacity-guard: {@link CapacityGuard} from DescribeAutoScalingGroups, SetDesiredCapacity when it raises;</li>
 *   <li>wait-replacement: {@link ReplacementWaiter}, ending {@code detach-margin} before the interruption;</li>
 *   <li>detach: DetachInstances, ShouldDecrementDesiredCapacity=false, ResourceContention retried;</li>
 *   <li>tag (optional), then drain: {@link TargetDrain} in every target group of the group.</li>
 * </ol>
 * Whatever cannot finish before the interruption (event time + 2 min; hibernate: the event time) is written as a
 * deadline note. The interruption takes the instance anyway, so running late is never a reason not to detach.
 */
final class SpotRun {

    static final Duration NOTICE = Duration.ofMinutes(2);
    static final Set<String> CONTENTION = Set.of("ResourceContention");
    static final Set<String> DETACHABLE = Set.of("InService", "Standby");

    private final SpotSettings settings;
    private final Event event;
    private final Recorder rec;
    private final Api api;
    private final Scheduler scheduler;
    private final AutoScalingAsyncClient asg;
    private final HandlerContext ctx;
    private final boolean warning;

    private String instanceId;
    /** When the instance will be interrupted; empty for a proactive run, which has no clock. */
    private Optional<Instant> interruption = Optional.empty();
    private Instant waitUntil;
    private String group;
    private List<String> targetGroups = List.of();

    SpotRun(SpotSettings settings, Event event, HandlerContext ctx) {
        this.settings = settings;
        this.event = event;
        this.ctx = ctx;
        this.rec = ctx.recorder();
        this.scheduler = ctx.scheduler();
        this.api = Api.of(ctx);
        this.asg = ctx.cloud().autoScaling();
        this.warning = !Event.REBALANCE.equals(event.detailType());
    }

    CompletableFuture<HandlerRecord> run() {
        if (!warning && !settings.proactive()) {
            rec.note("rebalance recommendation: proactive is off, the interruption warning will be handled if it comes");
            return CompletableFuture.completedFuture(rec.finish(Status.Success));
        }
        Optional<String> id = event.instanceId();
        if (id.isEmpty()) return CompletableFuture.completedFuture(rec.failed("the event has no detail.instance-id"));
        instanceId = id.get();
        Instant now = scheduler.now();
        if (warning) {
            String action = event.detailText("instance-action").orElse("terminate");
            if (!Set.of("terminate", "stop", "hibernate").contains(action)) {
                rec.note("instance-action '" + action + "' is not terminate, stop or hibernate (the AWS sample's "
                        + "placeholder?): treated as terminate");
                action = "terminate";
            }
            Instant base = event.time().orElse(event.received());
            if (event.time().isEmpty()) rec.note("the event has no usable time: the 2-minute notice counts from receipt");
            Instant at = event.deadline().orElse(action.equals("hibernate") ? base : base.plus(NOTICE));
            interruption = Optional.of(at);
            waitUntil = at.minus(settings.detachMargin());
            rec.output("InterruptionTime", at.toString());
            rec.output("InstanceAction", action);
        } else {
            waitUntil = now.plus(settings.proactiveWait());
        }
        rec.output("InstanceId", instanceId);
        return resolve().exceptionally(e -> rec.failed("spot-interruption failed: " + AwsErrors.message(e)));
    }

    private CompletableFuture<HandlerRecord> resolve() {
        Instant start = scheduler.now();
        return api.<DescribeAutoScalingInstancesResponse>call("autoscaling", "DescribeAutoScalingInstances",
                () -> asg.describeAutoScalingInstances(b -> b.instanceIds(instanceId)), "InstanceId", instanceId)
                .thenCompose(r -> {
                    if (r.autoScalingInstances().isEmpty()) {
                        step("resolve-group", start, Map.of());
                        rec.note(instanceId + " is not in an Auto Scaling group (or is already gone): nothing to detach");
                        return done();
                    }
                    AutoScalingInstanceDetails d = r.autoScalingInstances().get(0);
                    group = d.autoScalingGroupName();
                    rec.output("AutoScalingGroupName", group);
                    step("resolve-group", start, Map.of("AutoScalingGroupName", TextNode.valueOf(group),
                            "LifecycleState", TextNode.valueOf(d.lifecycleState())));
                    return Managed.refusal(ctx, api, instanceId, Optional.of(group)).thenCompose(refused -> refused.isPresent()
                            ? CompletableFuture.completedFuture(Managed.skipped(ctx, instanceId, refused.get())) : inGroup(d));
                });
    }

    private CompletableFuture<HandlerRecord> inGroup(AutoScalingInstanceDetails d) {
        boolean detachable = "InService".equals(d.lifecycleState())
                || ("Standby".equals(d.lifecycleState()) && settings.includeStandby());
        if (!detachable) {
            rec.note(instanceId + " is " + d.lifecycleState() + " in " + group + ": only InService"
                    + (settings.includeStandby() ? " and Standby" : "") + " members are detached; nothing to do");
            return done();
        }
        return guard();
    }

    private CompletableFuture<HandlerRecord> guard() {
        Instant start = scheduler.now();
        return describeGroup().thenCompose(g -> {
            targetGroups = g.targetGroupARNs();
            // Decided once per run: a continued run that decided again would count the capacity its first decision
            // added (still launching, or not even Pending yet) as missing, and raise the group a second time.
            return api.journal().once("capacity-guard", () -> CompletableFuture.completedFuture(
                    Json.tree(CapacityGuard.of(g, instanceId, settings.minInService()))));
        }).thenCompose(decided -> {
            CapacityGuard cg = Json.MAPPER.convertValue(decided, CapacityGuard.class);
            rec.output("DesiredCapacityBefore", Integer.toString(cg.desired()));
            if (cg.cappedBy() > 0) {
                rec.note("MaxSize " + cg.maxSize() + " leaves " + group + " " + cg.cappedBy()
                        + " InService instance(s) short of min-in-service " + settings.minInService());
            }
            CompletableFuture<Void> raised = CompletableFuture.completedFuture(null);
            if (cg.raises()) {
                String n = Integer.toString(cg.newDesired());
                raised = api.retrying("autoscaling", "SetDesiredCapacity", CONTENTION, Duration.ofMillis(500), waitUntil,
                        () -> asg.setDesiredCapacity(b -> b.autoScalingGroupName(group).desiredCapacity(cg.newDesired())
                                .honorCooldown(false)),
                        "AutoScalingGroupName", group, "DesiredCapacity", n, "HonorCooldown", "false")
                        .handle((r, e) -> {
                            if (e != null) {
                                rec.note("could not raise the desired capacity of " + group + " to " + n + " ("
                                        + AwsErrors.message(e) + "): detaching without a replacement first");
                            } else {
                                rec.output("DesiredCapacityAfter", n);
                                rec.note("desired capacity of " + group + " raised from " + cg.desired() + " to " + n
                                        + " so that " + settings.minInService() + " instances stay InService; it stays "
                                        + n + " after the detach");
                            }
                            return null;
                        });
            }
            return raised.thenCompose(v -> {
                step("capacity-guard", start, Map.of("InServiceOthers", IntNode.valueOf(cg.inServiceOthers()),
                        "DesiredCapacity", IntNode.valueOf(cg.newDesired()), "WaitFor", IntNode.valueOf(cg.waitFor())));
                return cg.mustWait() ? waitForReplacement(cg.waitFor()) : CompletableFuture.completedFuture(true);
            });
        }).thenCompose(proceed -> proceed ? detach() : CompletableFuture.completedFuture(
                rec.failed("no replacement InService within proactive-wait: not detached (the interruption warning, "
                        + "if it comes, will detach)")));
    }

    /** @return whether to go on and detach */
    private CompletableFuture<Boolean> waitForReplacement(int target) {
        Instant start = scheduler.now();
        Duration bound = Duration.between(start, waitUntil);
        if (bound.isNegative() || bound.isZero()) {
            deadlineOrNote("no time left to wait for a replacement before " + waitUntil + ": detached at once");
            return CompletableFuture.completedFuture(warning);
        }
        return new ReplacementWaiter(api, asg, ctx.cloud().elbv2(), group, targetGroups, instanceId).await(target, bound, settings.replacementPoll())
                .thenApply(w -> {
                    step("wait-replacement", start, Map.of("InService", IntNode.valueOf(w.inService()),
                            "Target", IntNode.valueOf(target)));
                    if (w.reached()) {
                        rec.note(target + " other instance(s) InService after "
                                + Duration.between(start, scheduler.now()).toSeconds() + " s");
                        return true;
                    }
                    deadlineOrNote("the replacement was not InService by " + waitUntil + " (" + w.lastSeen() + ")"
                            + (warning ? ": detached anyway, so the instance drains before the interruption" : ""));
                    return warning;
                });
    }

    private CompletableFuture<HandlerRecord> detach() {
        Instant start = scheduler.now();
        Instant giveUp = interruption.orElse(start.plus(Duration.ofMinutes(1)));
        return api.retrying("autoscaling", "DetachInstances", CONTENTION, Duration.ofMillis(250), giveUp,
                        () -> asg.detachInstances(b -> b.autoScalingGroupName(group).instanceIds(instanceId)
                                .shouldDecrementDesiredCapacity(false)),
                        "AutoScalingGroupName", group, "InstanceId", instanceId, "ShouldDecrementDesiredCapacity", "false")
                .thenApply(r -> true)
                .exceptionallyCompose(e -> AwsErrors.is(e, "ValidationError") ? leftAlready(e) : CompletableFuture.failedFuture(e))
                .thenCompose(detached -> {
                    step("detach", start, Map.of("ShouldDecrementDesiredCapacity", TextNode.valueOf("false")));
                    if (detached) {
                        rec.output("DetachedAt", scheduler.now().toString());
                        ctx.effect(instanceId, Effect.DETACHED);
                    }
                    return new DetachFollowUp(settings, api, ctx.cloud(), instanceId, targetGroups, interruption).run();
                })
                .thenApply(v -> rec.finish(Status.Success));
    }

    /** DetachInstances said no: if the instance has left (or is leaving) the group anyway, that is success. */
    private CompletableFuture<Boolean> leftAlready(Throwable detachError) {
        return api.<DescribeAutoScalingInstancesResponse>call("autoscaling", "DescribeAutoScalingInstances",
                () -> asg.describeAutoScalingInstances(b -> b.instanceIds(instanceId)), "InstanceId", instanceId)
                .thenApply(r -> {
                    String state = r.autoScalingInstances().isEmpty() ? "gone"
                            : r.autoScalingInstances().get(0).lifecycleState();
                    if (DETACHABLE.contains(state)) throw new IllegalStateException(AwsErrors.message(detachError));
                    rec.note(instanceId + " is " + state + " (left the group meanwhile): nothing to detach");
                    return false;
                });
    }

    private CompletableFuture<AutoScalingGroup> describeGroup() {
        return api.<DescribeAutoScalingGroupsResponse>call("autoscaling", "DescribeAutoScalingGroups",
                        () -> asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group)), "AutoScalingGroupName", group)
                .thenApply(r -> {
                    if (r.autoScalingGroups().isEmpty()) throw new IllegalStateException("group " + group + " is gone");
                    return r.autoScalingGroups().get(0);
                });
    }

    private void deadlineOrNote(String text) {
        if (interruption.isPresent()) rec.deadlineNote(text);
        else rec.note(text);
    }

    private void step(String name, Instant start, Map<String, JsonNode> outputs) {
        rec.step(name, "spot-interruption", Status.Success, start, outputs, Optional.empty());
    }

    private CompletableFuture<HandlerRecord> done() {
        return CompletableFuture.completedFuture(rec.finish(Status.Success));
    }
}

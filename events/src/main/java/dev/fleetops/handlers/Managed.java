package dev.fleetops.handlers;

import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.Scope;
import dev.fleetops.execution.Status;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one check of the serve's {@link Scope} for every handler that acts on Auto Scaling groups: the allow-list
 * first (no call), then the managed tag on the group (DescribeAutoScalingGroups' Tags) or, failing that, on the
 * instance (DescribeInstances' Tags), as aws-node-termination-handler's {@code managed-tag} does for groups.
 */
public final class Managed {

    private Managed() { }

    /**
     * Why {@code instanceId} (of {@code group}, empty when in none) is outside the context's scope; empty when the
     * handler may act.
     */
    public static CompletableFuture<Optional<String>> refusal(HandlerContext ctx, Api api, String instanceId,
                                                              Optional<String> group) {
        Scope scope = ctx.scope();
        Optional<String> notAllowed = scope.groupRefusal(group);
        if (notAllowed.isPresent() || scope.tagKey().isEmpty()) return CompletableFuture.completedFuture(notAllowed);
        String key = scope.tagKey().get();
        CompletableFuture<Boolean> groupTagged = group.isEmpty() ? CompletableFuture.completedFuture(false)
                : api.<DescribeAutoScalingGroupsResponse>call("autoscaling", "DescribeAutoScalingGroups",
                        () -> ctx.cloud().autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames(group.get())),
                        "AutoScalingGroupName", group.get())
                .thenApply(r -> r.autoScalingGroups().stream().flatMap(g -> g.tags().stream())
                        .anyMatch(t -> key.equals(t.key())));
        return groupTagged.thenCompose(tagged -> tagged ? CompletableFuture.completedFuture(Optional.<String>empty())
                : instanceTagged(ctx, api, instanceId, key).thenApply(yes -> yes ? Optional.<String>empty()
                        : Optional.of((group.map(g -> "neither group " + g + " nor instance ").orElse("instance ")) + instanceId
                        + " carries the managed tag " + key + " (serve --managed-tag, docs/handlers.md)")));
    }

    private static CompletableFuture<Boolean> instanceTagged(HandlerContext ctx, Api api, String instanceId, String key) {
        return api.<DescribeInstancesResponse>call("ec2", "DescribeInstances",
                        () -> ctx.cloud().ec2().describeInstances(b -> b.instanceIds(instanceId)), "InstanceId", instanceId)
                .handle((r, e) -> {
                    if (e != null) {
                        if (AwsErrors.instanceGone(e)) return false;
                        throw new IllegalStateException(AwsErrors.message(e));
                    }
                    return r.reservations().stream().flatMap(x -> x.instances().stream()).flatMap(i -> i.tags().stream())
                            .anyMatch(t -> key.equals(t.key()));
                });
    }

    /** The record of an event left alone: success (nothing is wrong, nothing is lost), with the reason. */
    public static HandlerRecord skipped(HandlerContext ctx, String instanceId, String reason) {
        ctx.recorder().note("skipped: " + reason + "; nothing done");
        ctx.recorder().output("Skipped", reason);
        ctx.effect(instanceId, Effect.SKIPPED);
        return ctx.recorder().finish(Status.Success);
    }
}

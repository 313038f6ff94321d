package dev.fleetops.handlers.spot;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.Api;
import dev.fleetops.handlers.AwsErrors;
import dev.fleetops.handlers.TargetDrain;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * After the detach: tag the instance (optional), check each target group's deregistration delay against the
 * interruption, follow the draining to unused, and arrange the leak check ({@code terminate-after}).
 */
final class DetachFollowUp {

    private final SpotSettings settings;
    private final Api api;
    private final Recorder rec;
    private final Cloud cloud;
    private final String instanceId;
    private final List<String> targetGroups;
    private final Optional<Instant> interruption;

    DetachFollowUp(SpotSettings settings, Api api, Cloud cloud, String instanceId, List<String> targetGroups,
                   Optional<Instant> interruption) {
        this.settings = settings;
        this.api = api;
        this.rec = api.recorder();
        this.cloud = cloud;
        this.instanceId = instanceId;
        this.targetGroups = targetGroups;
        this.interruption = interruption;
    }

    CompletableFuture<Void> run() {
        CompletableFuture<Void> tagged = settings.tagDetached() ? tag() : CompletableFuture.completedFuture(null);
        return tagged.thenCompose(v -> drain()).thenRun(() -> settings.terminateAfter().ifPresent(after ->
                new DetachedReaper(cloud, settings.tagKey(), after).scheduleCheck(instanceId)));
    }

    private CompletableFuture<Void> tag() {
        String value = api.scheduler().now().toString();
        return api.call("ec2", "CreateTags", () -> cloud.ec2().createTags(b -> b.resources(instanceId)
                                .tags(t -> t.key(settings.tagKey()).value(value))),
                        "ResourceId", instanceId, "Tag", settings.tagKey() + "=" + value)
                .handle((r, e) -> {
                    if (e != null) {
                        rec.note(AwsErrors.instanceGone(e) ? instanceId + " is already gone: not tagged"
                                : "could not tag " + instanceId + ": " + AwsErrors.message(e));
                    }
                    return null;
                });
    }

    private CompletableFuture<Void> drain() {
        if (targetGroups.isEmpty()) {
            rec.note("the group has no target groups: no draining to follow");
            return CompletableFuture.completedFuture(null);
        }
        Instant start = api.scheduler().now();
        CompletableFuture<Void> delays = interruption.isPresent() ? checkDelays(start) : CompletableFuture.completedFuture(null);
        CompletableFuture<List<TargetDrain.Result>> drained = new TargetDrain(api, cloud.elbv2())
                .await(instanceId, targetGroups, settings.drainTimeout());
        return delays.thenCombine(drained, (v, results) -> {
            boolean all = true;
            for (TargetDrain.Result r : results) {
                if (r.drained()) {
                    Instant at = r.drainedAt().get();
                    rec.note("drained from " + r.targetGroupArn() + " after "
                            + Duration.between(start, at).toSeconds() + " s");
                    if (interruption.isPresent() && at.isAfter(interruption.get())) {
                        rec.deadlineNote("draining from " + r.targetGroupArn() + " ended at " + at
                                + ", after the interruption at " + interruption.get());
                    }
                } else {
                    all = false;
                    String text = "draining from " + r.targetGroupArn() + " not seen to end within drain-timeout "
                            + settings.drainTimeout().toSeconds() + " s (" + r.lastSeen() + ")";
                    if (interruption.isPresent()) rec.deadlineNote(text);
                    else rec.note(text);
                }
            }
            rec.step("drain", "spot-interruption", all ? Status.Success : Status.TimedOut, start, Map.of(),
                    all ? Optional.empty() : Optional.of("draining not seen to end"));
            return null;
        });
    }

    /** A deregistration delay longer than the time left means the drain cannot end before the interruption. */
    private CompletableFuture<Void> checkDelays(Instant start) {
        List<CompletableFuture<Void>> each = new ArrayList<>();
        for (String tg : targetGroups) {
            each.add(api.<DescribeTargetGroupAttributesResponse>call("elbv2", "DescribeTargetGroupAttributes",
                            () -> cloud.elbv2().describeTargetGroupAttributes(b -> b.targetGroupArn(tg)), "TargetGroupArn", tg)
                    .handle((r, e) -> {
                        if (e != null) return null;
                        for (TargetGroupAttribute a : r.attributes()) {
                            if (!"deregistration_delay.timeout_seconds".equals(a.key())) continue;
                            long delay = Long.parseLong(a.value());
                            Instant end = start.plusSeconds(delay);
                            if (end.isAfter(interruption.get())) {
                                rec.deadlineNote(tg + " has a deregistration delay of " + delay + " s: requests still "
                                        + "in flight at the interruption (" + interruption.get() + ") are cut; keep "
                                        + "it at most 90 s for Spot groups");
                            }
                        }
                        return null;
                    }));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new));
    }
}

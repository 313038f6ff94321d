package dev.fleetops.handlers.spot;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.handlers.AwsErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Leaks after detach: a detached instance still alive after its interruption window is paid for but serves no one,
 * so one still alive {@code terminate-after} past
 * its detach is terminated (AutoSpotting waits 14 min). Detached instances carry the tag {@code key=<detach
 * time>}; {@link #sweep} finds them all (run it periodically: the daemon does, a Lambda deployment schedules it),
 * {@link #scheduleCheck} checks one instance in-process. An instance back in an Auto Scaling group (asked with
 * DescribeAutoScalingInstances, not read from the {@code aws:autoscaling:groupName} tag, which may outlive the
 * membership) is left alone.
 */
final class DetachedReaper {

    private static final Logger LOG = LoggerFactory.getLogger(DetachedReaper.class);

    private final Cloud cloud;
    private final String tagKey;
    private final Duration after;

    public DetachedReaper(Cloud cloud, String tagKey, Duration after) {
        this.cloud = cloud;
        this.tagKey = tagKey;
        this.after = after;
    }

    /** Checks {@code instanceId} once, {@code after} from now. */
    public void scheduleCheck(String instanceId) {
        cloud.scheduler().schedule(after, () -> sweep(List.of(instanceId)).whenComplete((ids, e) -> {
            if (e != null) LOG.warn("terminate-after check of {} failed: {}", instanceId, AwsErrors.message(e));
        }));
    }

    /** @return the ids terminated now: tagged instances, not stopped for good, detached at least {@code after} ago */
    public CompletableFuture<List<String>> sweep() {
        return sweep(List.of());
    }

    private CompletableFuture<List<String>> sweep(List<String> only) {
        return cloud.ec2().describeInstances(b -> {
            b.filters(Filter.builder().name("tag-key").values(tagKey).build(),
                    Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build());
            if (!only.isEmpty()) b.instanceIds(only);
        }).exceptionally(e -> {
            if (AwsErrors.instanceGone(e)) return DescribeInstancesResponse.builder().build();
            throw new IllegalStateException(AwsErrors.message(e));
        }).thenCompose(r -> {
            List<String> candidates = due(r);
            if (candidates.isEmpty()) return CompletableFuture.completedFuture(List.<String>of());
            return notInGroups(candidates).thenCompose(this::terminate);
        });
    }

    private CompletableFuture<List<String>> notInGroups(List<String> ids) {
        List<String> batch = ids.size() > 50 ? ids.subList(0, 50) : ids; // the API takes at most 50 ids
        return cloud.autoScaling().describeAutoScalingInstances(b -> b.instanceIds(batch)).thenApply(r -> {
            List<String> out = new ArrayList<>(batch);
            r.autoScalingInstances().forEach(m -> out.remove(m.instanceId()));
            return out;
        });
    }

    private CompletableFuture<List<String>> terminate(List<String> due) {
        if (due.isEmpty()) return CompletableFuture.completedFuture(List.of());
        return cloud.ec2().terminateInstances(b -> b.instanceIds(due)).thenApply(t -> {
                LOG.info("terminated detached instance(s) {} ({} after their detach)", due, after);
                return due;
            });
    }

    private List<String> due(DescribeInstancesResponse r) {
        Instant now = cloud.scheduler().now();
        List<String> out = new ArrayList<>();
        for (Reservation res : r.reservations()) {
            for (Instance i : res.instances()) {
                String detachedAt = null;
                for (Tag t : i.tags()) {
                    if (t.key().equals(tagKey)) detachedAt = t.value();
                }
                if (detachedAt == null) continue;
                try {
                    if (!Instant.parse(detachedAt).plus(after).isAfter(now)) out.add(i.instanceId());
                } catch (DateTimeParseException e) {
                    LOG.warn("{} has tag {}={} that is not a time: left alone", i.instanceId(), tagKey, detachedAt);
                }
            }
        }
        return out;
    }
}

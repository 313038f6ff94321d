package dev.fleetops.reconcile.resources;

import dev.fleetops.reconcile.ApplyContext;
import dev.fleetops.reconcile.Kind;
import dev.fleetops.reconcile.Meta;
import dev.fleetops.reconcile.Resource;
import dev.fleetops.reconcile.Result;
import dev.fleetops.reconcile.Watch;
import dev.fleetops.reconcile.WatchContext;
import dev.fleetops.source.InputError;
import dev.fleetops.source.Location;
import dev.fleetops.source.MapNode;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code autoscaling:capacity}: the min/desired/max of an existing Auto Scaling group (any of the three; the
 * others are left alone). Watched through the group's Auto Scaling events (launches, terminations).
 */
final class AutoscalingCapacity implements Resource {

    public static final String KIND = "autoscaling:capacity";
    private static final Set<String> PROPERTIES = Set.of("group", "min", "desired", "max");

    private final String name;
    private final Meta meta;
    private final Location location;
    private final String group;
    private final Integer min;
    private final Integer desired;
    private final Integer max;

    private AutoscalingCapacity(String name, Meta meta, MapNode m) {
        this.name = name;
        this.meta = meta;
        this.location = m.location();
        this.group = m.string("group");
        this.min = m.get("min").map(n -> n.asScalar().asInt(0, 10_000)).orElse(null);
        this.desired = m.get("desired").map(n -> n.asScalar().asInt(0, 10_000)).orElse(null);
        this.max = m.get("max").map(n -> n.asScalar().asInt(0, 10_000)).orElse(null);
        if (min == null && desired == null && max == null) throw InputError.at(m, "set at least one of min, desired, max");
        if (min != null && max != null && min > max) throw InputError.at(m.require("min"), "min " + min + " is above max " + max);
        if (desired != null && min != null && desired < min) {
            throw InputError.at(m.require("desired"), "desired " + desired + " is below min " + min);
        }
        if (desired != null && max != null && desired > max) {
            throw InputError.at(m.require("desired"), "desired " + desired + " is above max " + max);
        }
    }

    /** This kind in fleet files, found through META-INF/services/dev.fleetops.reconcile.Kind. */
    public static final class Type extends Kind.Declared {
        public Type() {
            super(KIND, PROPERTIES, (node, name, meta) -> new AutoscalingCapacity(name, meta, node));
        }
    }

    public String kind() { return KIND; }
    public String name() { return name; }
    public Meta meta() { return meta; }
    public Location location() { return location; }

    @Override
    public Watch watch(WatchContext ctx) {
        if (ctx.services().events().isEmpty()) return Ticker.start(ctx, Ticker.FALLBACK);
        InstanceEvents events = InstanceEvents.of(ctx.services());
        Runnable stop = events.everyEvent(e -> {
            if ("aws.autoscaling".equals(e.path("source").asText())
                    && group.equals(e.path("detail").path("AutoScalingGroupName").asText())) {
                ctx.event(e.path("detail-type").asText() + " (" + group + ")");
            }
        });
        events.ready().whenComplete((v, e) -> {
            if (e != null) ctx.failed(e);
            else ctx.ready();
        });
        return stop::run;
    }

    @Override
    public CompletionStage<Result> checkApply(boolean apply, ApplyContext ctx) {
        var asg = ctx.services().cloud().autoScaling();
        return asg.describeAutoScalingGroups(DescribeAutoScalingGroupsRequest.builder().autoScalingGroupNames(group).build())
                .thenCompose(r -> {
                    if (r.autoScalingGroups().isEmpty()) throw new IllegalStateException("Auto Scaling group " + group + " not found");
                    AutoScalingGroup g = r.autoScalingGroups().get(0);
                    List<String> changes = new ArrayList<>();
                    diff(changes, "min", g.minSize(), min);
                    diff(changes, "desired", g.desiredCapacity(), desired);
                    diff(changes, "max", g.maxSize(), max);
                    if (changes.isEmpty()) return CompletableFuture.completedFuture(Result.alreadyRight());
                    if (!apply) return CompletableFuture.completedFuture(Result.changed(changes));
                    return asg.updateAutoScalingGroup(UpdateAutoScalingGroupRequest.builder().autoScalingGroupName(group)
                            .minSize(min).desiredCapacity(desired).maxSize(max).build())
                            .thenApply(x -> Result.changed(changes));
                });
    }

    private void diff(List<String> changes, String what, Integer actual, Integer wanted) {
        if (wanted != null && !wanted.equals(actual)) changes.add(group + " " + what + ": " + actual + " -> " + wanted);
    }
}

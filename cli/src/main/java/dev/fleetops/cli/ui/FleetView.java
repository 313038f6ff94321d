package dev.fleetops.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.json.Json;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The fleet as the cloud describes it: DescribeAutoScalingGroups, DescribeTargetGroups and DescribeTargetHealth of
 * each group, answered in those APIs' member names, plus what the page adds: the instances out of rotation, and
 * who took each out (from {@link EventsView}). The last answer is all that is kept.
 *
 * <p>Out of rotation: an instance of a group or a target group that is not a {@code healthy} target anywhere
 * (draining, unhealthy, initial, unused, deregistered from its group's target groups), or, in a group without
 * target groups, whose lifecycle state is not InService.
 */
final class FleetView {

    private final Cloud cloud;
    private final EventsView attribution;
    private final Live live;
    private volatile JsonNode current = Json.object().put("Status", "reading");
    private volatile boolean inFlight;

    FleetView(Cloud cloud, EventsView attribution, Live live) {
        this.cloud = cloud;
        this.attribution = attribution;
        this.live = live;
        live.register("fleet", this::json);
    }

    JsonNode json() {
        return current;
    }

    /** Reads the fleet again (on the host's scheduler); one read at a time. */
    void refresh() {
        if (inFlight) return;
        inFlight = true;
        CompletableFuture<DescribeAutoScalingGroupsResponse> groups =
                cloud.autoScaling().describeAutoScalingGroups(b -> b.maxRecords(100));
        CompletableFuture<Map<TargetGroup, List<TargetHealthDescription>>> targets = cloud.elbv2()
                .describeTargetGroups(b -> b.pageSize(400))
                .thenCompose(r -> {
                    Map<TargetGroup, CompletableFuture<DescribeTargetHealthResponse>> each = new LinkedHashMap<>();
                    for (TargetGroup tg : r.targetGroups()) {
                        each.put(tg, cloud.elbv2().describeTargetHealth(b -> b.targetGroupArn(tg.targetGroupArn())));
                    }
                    return CompletableFuture.allOf(each.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
                        Map<TargetGroup, List<TargetHealthDescription>> out = new LinkedHashMap<>();
                        each.forEach((tg, f) -> out.put(tg, f.join().targetHealthDescriptions()));
                        return out;
                    });
                });
        groups.thenCombine(targets, this::compose).whenComplete((doc, error) -> {
            inFlight = false;
            if (error != null) {
                ObjectNode failed = current.deepCopy();
                failed.put("Error", "reading the fleet failed: " + rootMessage(error));
                current = failed;
            } else {
                current = doc;
            }
            live.dirty("fleet");
        });
    }

    private JsonNode compose(DescribeAutoScalingGroupsResponse groups, Map<TargetGroup, List<TargetHealthDescription>> targets) {
        ObjectNode doc = Json.object();
        Map<String, List<ObjectNode>> healthOf = new LinkedHashMap<>();
        Set<String> healthy = new LinkedHashSet<>();
        Set<String> all = new LinkedHashSet<>();
        ArrayNode tgs = doc.putArray("TargetGroups");
        targets.forEach((tg, descriptions) -> {
            ObjectNode t = tgs.addObject().put("TargetGroupArn", tg.targetGroupArn()).put("TargetGroupName", tg.targetGroupName());
            ArrayNode list = t.putArray("TargetHealthDescriptions");
            for (TargetHealthDescription d : descriptions) {
                String id = d.target().id();
                ObjectNode h = list.addObject();
                h.putObject("Target").put("Id", id).put("Port", d.target().port());
                ObjectNode th = h.putObject("TargetHealth").put("State", d.targetHealth().stateAsString());
                if (d.targetHealth().reason() != null) th.put("Reason", d.targetHealth().reasonAsString());
                if (d.targetHealth().description() != null) th.put("Description", d.targetHealth().description());
                all.add(id);
                if (d.targetHealth().state() == TargetHealthStateEnum.HEALTHY) healthy.add(id);
                healthOf.computeIfAbsent(id, k -> new ArrayList<>()).add(Json.object()
                        .put("TargetGroupName", tg.targetGroupName()).put("State", d.targetHealth().stateAsString()));
            }
        });
        Map<String, String> outWhy = new LinkedHashMap<>();
        ArrayNode asgs = doc.putArray("AutoScalingGroups");
        for (AutoScalingGroup g : groups.autoScalingGroups()) {
            ObjectNode o = asgs.addObject().put("AutoScalingGroupName", g.autoScalingGroupName())
                    .put("DesiredCapacity", g.desiredCapacity()).put("MinSize", g.minSize()).put("MaxSize", g.maxSize());
            ArrayNode arns = o.putArray("TargetGroupARNs");
            g.targetGroupARNs().forEach(arns::add);
            ArrayNode instances = o.putArray("Instances");
            for (Instance i : g.instances()) {
                ObjectNode io = instances.addObject().put("InstanceId", i.instanceId())
                        .put("LifecycleState", i.lifecycleStateAsString()).put("HealthStatus", i.healthStatus());
                if (i.availabilityZone() != null) io.put("AvailabilityZone", i.availabilityZone());
                ArrayNode th = io.putArray("TargetHealth");
                healthOf.getOrDefault(i.instanceId(), List.of()).forEach(th::add);
                all.add(i.instanceId());
                boolean out = g.targetGroupARNs().isEmpty() ? !"InService".equals(i.lifecycleStateAsString())
                        : !healthy.contains(i.instanceId());
                if (out) outWhy.put(i.instanceId(), why(i.lifecycleStateAsString(), healthOf.get(i.instanceId())));
            }
        }
        for (String id : all) {
            if (!healthy.contains(id) && !outWhy.containsKey(id) && healthOf.containsKey(id)) outWhy.put(id, why(null, healthOf.get(id)));
        }
        ArrayNode out = doc.putArray("OutOfRotation");
        outWhy.forEach((id, why) -> {
            ObjectNode o = out.addObject().put("InstanceId", id).put("Why", why);
            attribution.takenOut(id).ifPresent(t -> o.setAll(t));
        });
        return doc;
    }

    private static String why(String lifecycle, List<ObjectNode> health) {
        List<String> parts = new ArrayList<>();
        if (lifecycle != null && !"InService".equals(lifecycle)) parts.add("lifecycle " + lifecycle);
        if (health == null || health.isEmpty()) parts.add("not registered in its target groups");
        else health.forEach(h -> parts.add(h.path("TargetGroupName").asText() + ": " + h.path("State").asText()));
        return String.join("; ", parts);
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code GET /_fleetops/state}: the clock and a summary of the region (instances by state, each group's desired
 * and InService counts, each target group's targets by health state, each queue's messages), read through the simulated clients
 * backstage (neither counted nor faulted) on the simulator's thread, without moving the clock.
 */
final class RegionState {

    private RegionState() { }

    static ObjectNode read(SimRegion region, double speed) {
        var cloud = region.cloud();
        ObjectNode o = Json.object();
        o.put("Clock", region.scheduler().now().toString());
        o.put("ElapsedSeconds", region.scheduler().elapsed().toMillis() / 1000.0);
        o.put("Speed", speed);
        o.put("Calls", region.context().gate().totalCalls());

        Map<String, Integer> states = new TreeMap<>();
        String token = null;
        do {
            String t = token;
            var page = now(region, () -> cloud.client(Ec2AsyncClient.class).describeInstances(b -> b.nextToken(t).maxResults(1000)));
            for (Reservation r : page.reservations()) r.instances().forEach(i -> states.merge(i.state().nameAsString(), 1, Integer::sum));
            token = page.nextToken();
        } while (token != null);
        o.set("Instances", Json.tree(states));

        List<AutoScalingGroup> groups = new ArrayList<>();
        token = null;
        do {
            String t = token;
            var page = now(region, () -> cloud.client(AutoScalingAsyncClient.class).describeAutoScalingGroups(b -> b.nextToken(t)));
            groups.addAll(page.autoScalingGroups());
            token = page.nextToken();
        } while (token != null);
        ArrayNode gs = o.putArray("AutoScalingGroups");
        for (AutoScalingGroup g : groups) {
            gs.addObject().put("AutoScalingGroupName", g.autoScalingGroupName()).put("DesiredCapacity", g.desiredCapacity())
                    .put("InService", g.instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString())).count());
        }

        var elbv2 = cloud.client(ElasticLoadBalancingV2AsyncClient.class);
        ArrayNode tgs = o.putArray("TargetGroups");
        for (TargetGroup tg : now(region, () -> elbv2.describeTargetGroups(b -> { })).targetGroups()) {
            Map<String, Integer> health = new TreeMap<>();
            for (TargetHealthDescription d : now(region, () -> elbv2.describeTargetHealth(b -> b.targetGroupArn(tg.targetGroupArn())))
                    .targetHealthDescriptions()) {
                health.merge(d.targetHealth().stateAsString(), 1, Integer::sum);
            }
            ObjectNode t = tgs.addObject().put("TargetGroupName", tg.targetGroupName()).put("TargetGroupArn", tg.targetGroupArn());
            t.set("Targets", Json.tree(health));
        }

        // each queue's messages, so a refused SendMessage can be seen to have left none behind
        var sqs = cloud.client(SqsAsyncClient.class);
        List<String> urls = new ArrayList<>();
        token = null;
        do {
            String t = token;
            var page = now(region, () -> sqs.listQueues(b -> b.nextToken(t).maxResults(1000)));
            urls.addAll(page.queueUrls());
            token = page.nextToken();
        } while (token != null);
        ArrayNode qs = o.putArray("Queues");
        for (String url : urls) {
            Map<QueueAttributeName, String> a = now(region, () -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))).attributes();
            ObjectNode q = qs.addObject().put("QueueUrl", url);
            new TreeMap<>(a).forEach((k, v) -> q.put(k.toString(), Long.parseLong(v)));
        }
        return o;
    }

    /** A backstage call answered at the current instant (the gate answers those without latency). */
    static <T> T now(SimRegion region, Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> f = region.context().gate().backstage(call);
        return region.scheduler().await(f, Duration.ZERO);
    }
}

package dev.fleetops.cli.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cli.session.Session;
import dev.fleetops.json.Json;
import dev.fleetops.json.SdkJson;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The region as the describe APIs show it: groups, instances, target groups and their targets' health. Read
 * through the SDK clients, so it shows exactly what a caller of the API would see.
 */
public record RegionSnapshot(List<AutoScalingGroup> groups, List<Reservation> reservations,
                             List<TargetGroup> targetGroups, Map<String, List<TargetHealthDescription>> health) {

    private static final Duration WAIT = Duration.ofMinutes(1);

    public static RegionSnapshot read(Session s) {
        var cloud = s.cloud();
        List<AutoScalingGroup> groups = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = s.await(cloud.autoScaling().describeAutoScalingGroups(b -> b.nextToken(t)), WAIT);
            groups.addAll(page.autoScalingGroups());
            token = page.nextToken();
        } while (token != null);
        List<Reservation> reservations = new ArrayList<>();
        String next = null;
        do {
            String t = next;
            var page = s.await(cloud.ec2().describeInstances(b -> b.nextToken(t).maxResults(1000)), WAIT);
            reservations.addAll(page.reservations());
            next = page.nextToken();
        } while (next != null);
        List<TargetGroup> tgs = s.await(cloud.elbv2().describeTargetGroups(b -> {}), WAIT).targetGroups();
        Map<String, List<TargetHealthDescription>> health = new LinkedHashMap<>();
        for (TargetGroup tg : tgs) {
            health.put(tg.targetGroupArn(), s.await(cloud.elbv2().describeTargetHealth(
                    b -> b.targetGroupArn(tg.targetGroupArn())), WAIT).targetHealthDescriptions());
        }
        return new RegionSnapshot(groups, reservations, tgs, health);
    }

    /** AWS response shapes: AutoScalingGroups, Reservations, TargetGroups (each with its TargetHealthDescriptions). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.setAll(SdkJson.wrap("AutoScalingGroups", groups));
        o.setAll(SdkJson.wrap("Reservations", reservations));
        ArrayNode tgs = o.putArray("TargetGroups");
        for (TargetGroup tg : targetGroups) {
            ObjectNode t = SdkJson.toJson(tg);
            t.setAll(SdkJson.wrap("TargetHealthDescriptions", health.get(tg.targetGroupArn())));
            tgs.add(t);
        }
        return o;
    }
}

package dev.fleetops.cli.sim;

import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The snapshot as text for people: one block per kind, one line per resource. */
public final class SnapshotText {

    private SnapshotText() { }

    public static void print(RegionSnapshot s, Instant now, PrintWriter out) {
        out.println("Simulated region at " + now);
        out.println();
        Map<String, String> lifecycle = new HashMap<>();
        out.println("Auto Scaling groups");
        for (AutoScalingGroup g : s.groups()) {
            long inService = g.instances().stream().filter(i -> "InService".equals(i.lifecycleStateAsString())).count();
            out.printf(Locale.ROOT, "  %-20s desired %d (min %d, max %d)  InService %d  target groups %d%n", g.autoScalingGroupName(),
                    g.desiredCapacity(), g.minSize(), g.maxSize(), inService, g.targetGroupARNs().size());
            for (Instance i : g.instances()) lifecycle.put(i.instanceId(), i.lifecycleStateAsString() + "/" + i.healthStatus());
        }
        if (s.groups().isEmpty()) out.println("  (none)");
        out.println();
        out.println("Instances");
        int n = 0;
        for (Reservation r : s.reservations()) {
            for (var i : r.instances()) {
                n++;
                out.printf(Locale.ROOT, "  %-20s %-14s %-11s %-12s %-15s %s%n", i.instanceId(), i.state() == null ? "" : i.state().nameAsString(),
                        i.placement() == null ? "" : i.placement().availabilityZone(),
                        i.instanceTypeAsString(), i.privateIpAddress(), lifecycle.getOrDefault(i.instanceId(), "standalone"));
            }
        }
        if (n == 0) out.println("  (none)");
        out.println();
        out.println("Target groups");
        for (TargetGroup tg : s.targetGroups()) {
            out.printf(Locale.ROOT, "  %-20s port %-5d health check every %ds, healthy/unhealthy after %d/%d%n", tg.targetGroupName(),
                    tg.port(), tg.healthCheckIntervalSeconds(), tg.healthyThresholdCount(), tg.unhealthyThresholdCount());
            for (TargetHealthDescription d : s.health().get(tg.targetGroupArn())) {
                var h = d.targetHealth();
                out.printf(Locale.ROOT, "    %-20s %-10s %s%n", d.target().id(), h.stateAsString(), h.reasonAsString() == null ? "" : h.reasonAsString());
            }
        }
        if (s.targetGroups().isEmpty()) out.println("  (none)");
    }
}

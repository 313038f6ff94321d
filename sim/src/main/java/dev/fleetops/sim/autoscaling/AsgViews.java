package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Groups, members and activities as the SDK model classes. */
final class AsgViews {

    private AsgViews() { }

    static AutoScalingGroup group(SimGroup g) {
        List<Instance> instances = new ArrayList<>(g.members.size());
        for (GroupInstance m : g.members.values()) instances.add(instance(m));
        return AutoScalingGroup.builder()
                .autoScalingGroupName(g.name)
                .autoScalingGroupARN(g.arn)
                .launchTemplate(g.launchTemplate)
                .minSize(g.minSize)
                .maxSize(g.maxSize)
                .desiredCapacity(g.desired)
                .defaultCooldown(g.defaultCooldown)
                .availabilityZones(g.zones)
                .loadBalancerNames(List.of())
                .targetGroupARNs(g.targetGroupArns)
                .healthCheckType(g.healthCheckType)
                .healthCheckGracePeriod(g.healthCheckGracePeriod)
                .instances(instances)
                .createdTime(g.createdTime)
                .suspendedProcesses(List.of())
                .vpcZoneIdentifier(g.vpcZoneIdentifier == null ? "" : g.vpcZoneIdentifier)
                .enabledMetrics(List.of())
                .tags(g.tags.values())
                .terminationPolicies("Default")
                .newInstancesProtectedFromScaleIn(g.newInstancesProtectedFromScaleIn)
                .capacityRebalance(g.capacityRebalance)
                .status(g.deleting ? "Delete in progress" : null)
                .build();
    }

    static Instance instance(GroupInstance m) {
        return Instance.builder()
                .instanceId(m.instanceId)
                .availabilityZone(m.availabilityZone)
                .lifecycleState(m.state)
                .healthStatus(health(m))
                .launchTemplate(m.launchTemplate)
                .protectedFromScaleIn(m.protectedFromScaleIn)
                .build();
    }

    static AutoScalingInstanceDetails details(GroupInstance m) {
        return AutoScalingInstanceDetails.builder()
                .instanceId(m.instanceId)
                .autoScalingGroupName(m.group.name)
                .availabilityZone(m.availabilityZone)
                .lifecycleState(m.state.toString())
                .healthStatus(health(m).toUpperCase(Locale.ROOT))
                .launchTemplate(m.launchTemplate)
                .protectedFromScaleIn(m.protectedFromScaleIn)
                .build();
    }

    /** DescribeAutoScalingGroups says Healthy/Unhealthy; DescribeAutoScalingInstances says HEALTHY/UNHEALTHY. */
    private static String health(GroupInstance m) {
        return m.healthy ? "Healthy" : "Unhealthy";
    }

    static Activity activity(SimContext ctx, SimGroup g, String description, String cause, int progress) {
        return Activity.builder()
                .activityId(ctx.ids().uuid())
                .autoScalingGroupName(g.name)
                .autoScalingGroupARN(g.arn)
                .description(description)
                .cause("At " + ctx.scheduler().now() + " " + cause + ".")
                .startTime(ctx.scheduler().now())
                .statusCode(ScalingActivityStatusCode.IN_PROGRESS)
                .progress(progress)
                .details("{\"Subnet ID\":\"\",\"Availability Zone\":\"" + String.join(",", g.zones) + "\"}")
                .build();
    }
}

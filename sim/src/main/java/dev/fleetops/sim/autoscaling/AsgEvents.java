package dev.fleetops.sim.autoscaling;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.region.AwsEvents;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The non-hook Auto Scaling events ({@code reference/ec2-events-and-lifecycle.md} 2.4): "EC2 Instance Launch
 * Successful" once a launched instance is in service, "EC2 Instance Terminate Successful" once it is terminated.
 * resources = [group ARN, instance ARN].
 */
final class AsgEvents {

    private AsgEvents() { }

    static void launchSuccessful(SimContext ctx, GroupInstance m) {
        emit(ctx, m, AwsEvents.LAUNCH_SUCCESSFUL, "Launching a new EC2 instance: " + m.instanceId,
                "an instance was started in response to a difference between desired and actual capacity");
    }

    static void terminateSuccessful(SimContext ctx, GroupInstance m) {
        emit(ctx, m, AwsEvents.TERMINATE_SUCCESSFUL, "Terminating EC2 instance: " + m.instanceId,
                "an instance was taken out of service");
    }

    private static void emit(SimContext ctx, GroupInstance m, String type, String description, String cause) {
        String now = DateTimeFormatter.ISO_INSTANT.format(ctx.scheduler().now().truncatedTo(ChronoUnit.MILLIS));
        ObjectNode d = JsonNodeFactory.instance.objectNode()
                .put("StatusCode", "InProgress")
                .put("Description", description)
                .put("AutoScalingGroupName", m.group.name)
                .put("ActivityId", ctx.ids().uuid())
                .put("RequestId", ctx.ids().uuid())
                .put("StatusMessage", "")
                .put("StartTime", now)
                .put("EndTime", now)
                .put("EC2InstanceId", m.instanceId)
                .put("Cause", "At " + now + " " + cause + ".");
        d.putObject("Details").put("Availability Zone", m.availabilityZone).put("Subnet ID", subnet(m));
        ctx.bus().emit(AwsEvents.AUTOSCALING, type, List.of(m.group.arn,
                AwsEvents.instanceArn(ctx.region(), ctx.accountId(), m.instanceId)), d);
    }

    private static String subnet(GroupInstance m) {
        if (m.group.vpcZoneIdentifier == null) return "";
        int i = m.group.zones.indexOf(m.availabilityZone);
        String[] subnets = m.group.vpcZoneIdentifier.split(",");
        return i >= 0 && i < subnets.length ? subnets[i].trim() : "";
    }
}

package dev.fleetops.sim.region;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code detail} objects of the events AWS emits, in their documented shapes (Amazon EC2 User Guide: "Spot
 * Instance interruption notices", "EC2 instance rebalance recommendations", "Instance state change events";
 * Amazon EC2 Auto Scaling User Guide: "Amazon EC2 Auto Scaling event reference"). The bus adds the envelope.
 */
public final class AwsEvents {

    public static final String EC2 = "aws.ec2";
    public static final String AUTOSCALING = "aws.autoscaling";
    public static final String HEALTH = "aws.health";
    public static final String HEALTH_EVENT = "AWS Health Event";
    public static final String STATE_CHANGE = "EC2 Instance State-change Notification";
    public static final String SPOT_WARNING = "EC2 Spot Instance Interruption Warning";
    public static final String REBALANCE = "EC2 Instance Rebalance Recommendation";
    public static final String TERMINATE_ACTION = "EC2 Instance-terminate Lifecycle Action";
    public static final String LAUNCH_ACTION = "EC2 Instance-launch Lifecycle Action";
    public static final String LAUNCH_SUCCESSFUL = "EC2 Instance Launch Successful";
    public static final String TERMINATE_SUCCESSFUL = "EC2 Instance Terminate Successful";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AwsEvents() { }

    public static ObjectNode stateChange(String instanceId, String state) {
        return F.objectNode().put("instance-id", instanceId).put("state", state);
    }

    /** @param action terminate, stop or hibernate */
    public static ObjectNode spotWarning(String instanceId, String action) {
        return F.objectNode().put("instance-id", instanceId).put("instance-action", action);
    }

    public static ObjectNode rebalance(String instanceId) {
        return F.objectNode().put("instance-id", instanceId);
    }

    /** @param transition autoscaling:EC2_INSTANCE_TERMINATING or autoscaling:EC2_INSTANCE_LAUNCHING */
    public static ObjectNode lifecycleAction(String token, String group, String hook, String instanceId,
                                             String transition, String metadata) {
        ObjectNode d = F.objectNode()
                .put("LifecycleActionToken", token)
                .put("AutoScalingGroupName", group)
                .put("LifecycleHookName", hook)
                .put("EC2InstanceId", instanceId)
                .put("LifecycleTransition", transition);
        if (metadata != null) d.put("NotificationMetadata", metadata);
        return d;
    }

    /** AWS Health's time format ("Sat, 05 Jun 2016 15:10:09 GMT", AWS Health User Guide, EventBridge schema). */
    public static String rfc1123(java.time.Instant t) {
        return java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(t);
    }

    public static String instanceArn(String region, String account, String instanceId) {
        return "arn:aws:ec2:" + region + ":" + account + ":instance/" + instanceId;
    }
}

package dev.fleetops.sim.autoscaling;

import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;

/**
 * A lifecycle hook as put on a group (ASAPI PutLifecycleHook): heartbeat timeout 30-7200 s, default result
 * applied on timeout, global timeout min(48 h, 100 x heartbeat) as AWS computes it.
 */
record HookSpec(String name, String groupName, String transition, int heartbeatTimeout, String defaultResult,
                String notificationMetadata, String notificationTargetArn, String roleArn) {

    static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
    static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
    static final int DEFAULT_HEARTBEAT = 3600;
    static final String DEFAULT_RESULT = "ABANDON";

    int globalTimeout() {
        return Math.min(172_800, 100 * heartbeatTimeout);
    }

    LifecycleHook toSdk() {
        return LifecycleHook.builder()
                .lifecycleHookName(name)
                .autoScalingGroupName(groupName)
                .lifecycleTransition(transition)
                .notificationTargetARN(notificationTargetArn)
                .roleARN(roleArn)
                .notificationMetadata(notificationMetadata)
                .heartbeatTimeout(heartbeatTimeout)
                .globalTimeout(globalTimeout())
                .defaultResult(defaultResult)
                .build();
    }
}

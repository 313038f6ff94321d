package dev.fleetops.handlers.lifecycle;

import dev.fleetops.events.spi.Event;

import java.util.Optional;

/**
 * The lifecycle action an event names: its detail members are PascalCase ({@code EC2InstanceId}, unlike EC2's
 * {@code instance-id}; Amazon EC2 Auto Scaling User Guide: "Amazon EC2 Auto Scaling event reference"); a raw
 * notification is normalised to the same detail by the classifier.
 *
 * @param token the LifecycleActionToken; when absent, calls name the instance instead (the API takes either)
 */
record LifecycleAction(String group, String hook, String instanceId, String transition, Optional<String> token) {

    static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
    static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";

    /** @return the action, or empty when a required member is missing (the message says which) */
    static Optional<LifecycleAction> of(Event e, StringBuilder problem) {
        String group = e.detailText("AutoScalingGroupName").orElse("");
        String hook = e.detailText("LifecycleHookName").orElse("");
        String instance = e.detailText("EC2InstanceId").orElse("");
        String transition = e.detailText("LifecycleTransition").orElse("");
        for (String[] m : new String[][] {{"AutoScalingGroupName", group}, {"LifecycleHookName", hook},
                {"EC2InstanceId", instance}, {"LifecycleTransition", transition}}) {
            if (m[1].isEmpty()) {
                problem.append("the event has no detail.").append(m[0]);
                return Optional.empty();
            }
        }
        if (!transition.equals(TERMINATING) && !transition.equals(LAUNCHING)) {
            problem.append("detail.LifecycleTransition '").append(transition).append("' is neither ")
                    .append(TERMINATING).append(" nor ").append(LAUNCHING);
            return Optional.empty();
        }
        return Optional.of(new LifecycleAction(group, hook, instance, transition,
                e.detailText("LifecycleActionToken").filter(t -> !t.isEmpty())));
    }

    boolean terminating() {
        return transition.equals(TERMINATING);
    }
}

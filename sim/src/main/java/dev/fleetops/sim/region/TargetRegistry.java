package dev.fleetops.sim.region;

import java.util.Optional;

/**
 * ELBv2 target groups as Auto Scaling sees them (implemented by {@code elbv2.Elbv2Sim}): groups register and
 * deregister their instances on the target group's own port.
 */
public interface TargetRegistry {

    /** The ARN of a target group given by ARN or name; empty if there is none. */
    Optional<String> resolve(String nameOrArn);

    void register(String targetGroupArn, String instanceId);

    /** Starts draining (idempotent: deregistering a target that is not registered does nothing). */
    void deregister(String targetGroupArn, String instanceId);

    /** The target's health state (initial, healthy, unhealthy, draining...), or empty when not registered. */
    Optional<String> state(String targetGroupArn, String instanceId);

    /**
     * False only when no target of the group is unhealthy, so that a health sweep over thousands of members can
     * skip asking {@link #state} for each; true is always a safe answer.
     */
    default boolean mayHaveUnhealthy(String targetGroupArn) {
        return true;
    }
}

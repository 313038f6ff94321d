package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.ec2.Ec2Sim;
import dev.fleetops.sim.ec2.LaunchRequest;

import java.util.Optional;

/**
 * EC2 as Auto Scaling uses it: launch and terminate on the group's behalf, look instances up, hear of their
 * changes. An interface of its own so the group logic can be exercised against a small fake EC2 and does not
 * depend on EC2's internals; {@link #of(Ec2Sim)} adapts the simulated EC2.
 */
interface Ec2Access {

    /** @return the new instance id, in state pending, tags applied */
    String launch(LaunchRequest request);

    /** Idempotent; unknown ids are ignored. */
    void terminate(String instanceId, String reason);

    Optional<Instances.View> find(String instanceId);

    void addListener(Instances.Listener listener);

    /** A launch template's (id, name) from either; empty when unknown (the group then keeps what it was given). */
    default Optional<java.util.Map.Entry<String, String>> launchTemplate(String idOrName) {
        return Optional.empty();
    }

    /** Removes a tag (aws:autoscaling:groupName when an instance leaves the group alive). */
    default void untag(String instanceId, String key) { }

    /** EC2 status checks completed and failed. */
    default boolean statusImpaired(String instanceId) {
        return false;
    }

    /** False only when no instance can be {@link #statusImpaired}. */
    default boolean mayHaveImpaired() {
        return true;
    }

    static Ec2Access of(Ec2Sim ec2) {
        return new Ec2Access() {
            @Override
            public String launch(LaunchRequest request) {
                return ec2.launch(request);
            }

            @Override
            public void terminate(String instanceId, String reason) {
                ec2.terminate(instanceId, reason);
            }

            @Override
            public Optional<Instances.View> find(String instanceId) {
                return ec2.find(instanceId);
            }

            @Override
            public void addListener(Instances.Listener listener) {
                ec2.addListener(listener);
            }

            @Override
            public Optional<java.util.Map.Entry<String, String>> launchTemplate(String idOrName) {
                return ec2.launchTemplateIdAndName(idOrName);
            }

            @Override
            public void untag(String instanceId, String key) {
                ec2.untag(instanceId, key);
            }

            @Override
            public boolean statusImpaired(String instanceId) {
                return ec2.statusImpaired(instanceId);
            }

            @Override
            public boolean mayHaveImpaired() {
                return ec2.mayHaveImpaired();
            }
        };
    }
}

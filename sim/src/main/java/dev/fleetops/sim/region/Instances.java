package dev.fleetops.sim.region;

import java.util.Map;
import java.util.Optional;

/**
 * EC2 as the other simulated services see it (implemented by {@code ec2.Ec2Sim}): what an instance is, whether
 * its app answers, and notice of its changes. Kept narrow so that ELBv2, SSM and Auto Scaling do not reach into
 * EC2's internals.
 */
public interface Instances {

    Optional<View> find(String instanceId);

    /** Running and its app answering on its port: what health checks and ALB requests observe. */
    boolean appResponding(String instanceId);

    /** Its EC2 status checks have completed and failed (impaired): Auto Scaling's EC2 health check sees it. */
    default boolean statusImpaired(String instanceId) {
        return false;
    }

    /** False only when no instance can be {@link #statusImpaired}: a sweep over many can then skip asking. */
    default boolean mayHaveImpaired() {
        return true;
    }

    /** An OS reboot asked for by a script on the instance (exit 194/3010): app down, then back. */
    void rebootByAgent(String instanceId);

    void addListener(Listener listener);

    /**
     * A handle on one instance for what health checks read on every check, so that they need no lookup by id.
     * EC2's own is the instance itself; this default looks the id up on each call.
     */
    default Handle handle(String instanceId) {
        return new Handle() {
            @Override
            public boolean appResponding() {
                return Instances.this.appResponding(instanceId);
            }

            @Override
            public boolean running() {
                return find(instanceId).map(v -> v.state().equals("running")).orElse(false);
            }
        };
    }

    /** One instance as it is now; an instance EC2 no longer shows is not running and its app does not answer. */
    interface Handle {
        /** As {@link Instances#appResponding}. */
        boolean appResponding();

        /** In EC2 state running. */
        boolean running();
    }

    /**
     * @param state    EC2 state name: pending, running, stopping, stopped, shutting-down, terminated
     * @param platform "Linux/UNIX" or "Windows"
     */
    record View(String instanceId, String state, String privateIp, String privateDnsName, String platform,
                boolean spot, Map<String, String> tags) { }

    interface Listener {
        default void stateChanged(String instanceId, String from, String to) { }

        default void appChanged(String instanceId, boolean responding) { }
    }
}

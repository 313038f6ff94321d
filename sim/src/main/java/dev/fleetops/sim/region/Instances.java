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

    /** An OS reboot asked for by a script on the instance (exit 194/3010): app down, then back. */
    void rebootByAgent(String instanceId);

    void addListener(Listener listener);

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

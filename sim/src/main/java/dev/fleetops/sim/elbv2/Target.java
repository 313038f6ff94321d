package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.time.Scheduler;
import dev.fleetops.time.VirtualScheduler;

/**
 * One registered target (instance id + port) of a target group, with its health-check counters. It is its own
 * periodic health-check task on a reusable timer, so a check costs one scheduled event and no allocation.
 */
final class Target implements Runnable {

    final SimTargetGroup group;
    final String instanceId;
    /** Its instance, read by routed requests and failed checks without a lookup by id. */
    final Instances.Handle instance;
    final int port;
    /**
     * Whether its instance's app answers, as EC2 last notified (kept by {@link Elbv2Sim}): what every check reads.
     * A copy in the target because at 100,000 instances reading it through the instance cost a cache miss per check
     * (half the fleet hour's CPU); checks run as tasks of their own, so a notification has always arrived.
     */
    boolean appUp;
    /** Registration order within the group: spreads the targets' checks over the interval. */
    final long seq;

    TargetStatus status;
    Reason reason;
    int successes;
    int failures;
    /** Bumped whenever checks stop, so that a check result still in flight (timeouts) is dropped. */
    int generation;
    /** Its checks' timer while checks run (null when stopped); {@link #timer} is kept for the next start. */
    Scheduler.Cancellable checkTimer;
    VirtualScheduler.Timer timer;
    Scheduler.Cancellable drainTimer;

    Target(SimTargetGroup group, String instanceId, Instances.Handle instance, int port, long seq) {
        this.group = group;
        this.instanceId = instanceId;
        this.instance = instance;
        this.appUp = instance.appResponding();
        this.port = port;
        this.seq = seq;
    }

    static String key(String instanceId, int port) {
        return instanceId + ":" + port;
    }

    String key() {
        return key(instanceId, port);
    }

    @Override
    public void run() {
        group.checker().check(this);
    }

    /**
     * Applies one check outcome: a new target turns healthy on its first success; a healthy one turns unhealthy
     * after UnhealthyThreshold consecutive failures, and back after HealthyThreshold consecutive successes.
     */
    void record(HealthChecker.Probe outcome, HealthCheckSettings hc) {
        if (outcome == HealthChecker.Probe.OK) {
            failures = 0;
            successes++;
            if (status == TargetStatus.INITIAL
                    || (status == TargetStatus.UNHEALTHY && successes >= hc.healthyThreshold())) {
                group.setStatus(this, TargetStatus.HEALTHY, null);
            }
            return;
        }
        successes = 0;
        failures++;
        Reason failure = switch (outcome) {
            case TIMEOUT -> Reason.TIMEOUT;
            case MISMATCH -> Reason.RESPONSE_CODE_MISMATCH;
            default -> Reason.FAILED_HEALTH_CHECKS;
        };
        if (status == TargetStatus.UNHEALTHY) {
            group.setStatus(this, TargetStatus.UNHEALTHY, failure);
        } else if (failures >= hc.unhealthyThreshold()) {
            group.setStatus(this, TargetStatus.UNHEALTHY, failure);
        } else if (status == TargetStatus.INITIAL) {
            group.setStatus(this, TargetStatus.INITIAL, Reason.INITIAL_HEALTH_CHECKING);
        }
    }
}

package dev.fleetops.sim.faults;

import dev.fleetops.time.VirtualScheduler;

/**
 * EC2's request and resource token buckets ({@code reference/waiters-reconcile-rolling.md} section 4).
 * Placeholder that admits everything until the EC2 work lands.
 */
final class Ec2Throttling {

    private final VirtualScheduler scheduler;

    Ec2Throttling(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    boolean tryAcquire(String operation, int resources) {
        return true;
    }
}

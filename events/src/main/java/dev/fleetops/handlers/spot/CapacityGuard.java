package dev.fleetops.handlers.spot;

import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

/**
 * Seed 003's capacity guard, corrected: count the group's InService instances from
 * DescribeAutoScalingGroups (not the one-instance DescribeAutoScalingInstances answer); if detaching would leave
 * fewer than the floor, raise desired by the shortfall, capped at MaxSize, and never to a lower value. Instances
 * already launching count as coming, so a group that is already scaling out is not raised twice.
 *
 * @param inServiceOthers InService members other than the interrupted instance
 * @param coming          Pending members (launching, will be InService soon)
 * @param desired         the group's desired capacity now
 * @param newDesired      what to set (== desired: no change)
 * @param waitFor         InService members besides the interrupted one to wait for before detaching
 * @param cappedBy        how many instances MaxSize prevented (0: none)
 */
record CapacityGuard(int inServiceOthers, int coming, int desired, int maxSize, int newDesired, int waitFor,
                            int cappedBy) {

    public static CapacityGuard of(AutoScalingGroup g, String interrupted, int floor) {
        int inService = 0;
        int coming = 0;
        for (Instance i : g.instances()) {
            if (i.instanceId().equals(interrupted)) continue;
            String s = i.lifecycleStateAsString();
            if ("InService".equals(s)) inService++;
            else if (s != null && s.startsWith("Pending")) coming++;
        }
        int desired = g.desiredCapacity();
        int shortfall = Math.max(0, floor - inService - coming);
        int raise = Math.max(0, Math.min(shortfall, g.maxSize() - desired));
        int waitFor = Math.min(floor, inService + coming + raise);
        return new CapacityGuard(inService, coming, desired, g.maxSize(), desired + raise, waitFor, shortfall - raise);
    }

    public boolean raises() {
        return newDesired > desired;
    }

    public boolean mustWait() {
        return waitFor > inServiceOthers;
    }
}

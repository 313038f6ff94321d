package dev.fleetops.sim.autoscaling;

import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Auto Scaling group: its settings, its members, and counts kept up to date on every state change so that
 * the control loop never scans the whole fleet to know how many instances it has.
 */
final class SimGroup {

    final String name;
    final String arn;
    final Instant createdTime;

    LaunchTemplateSpecification launchTemplate;
    int minSize;
    int maxSize;
    int desired;
    int defaultCooldown;
    int healthCheckGracePeriod;
    String healthCheckType;
    /** As given (comma-separated subnets), or null when the group was created with AvailabilityZones. */
    String vpcZoneIdentifier;
    List<String> zones;
    List<String> targetGroupArns;
    boolean capacityRebalance;
    boolean newInstancesProtectedFromScaleIn;
    final Map<String, TagDescription> tags = new LinkedHashMap<>();
    final Map<String, HookSpec> hooks = new LinkedHashMap<>();

    final Map<String, GroupInstance> members = new LinkedHashMap<>();
    private final int[] countByState = new int[LifecycleState.values().length];
    private final Map<String, int[]> countedByZone = new LinkedHashMap<>();
    /** Old instances whose Capacity Rebalancing replacement is on its way, oldest first. */
    final Deque<GroupInstance> awaitingRebalance = new ArrayDeque<>();

    /** A desired-capacity change whose instances are still launching or terminating. */
    boolean scalingActivityOpen;
    Instant cooldownUntil = Instant.MIN;
    boolean reconcileScheduled;
    Instant launchBackoffUntil = Instant.MIN;
    boolean deleting;

    SimGroup(String name, String arn, Instant createdTime) {
        this.name = name;
        this.arn = arn;
        this.createdTime = createdTime;
    }

    static boolean countsTowardCapacity(LifecycleState s) {
        return s == LifecycleState.PENDING || s == LifecycleState.PENDING_WAIT || s == LifecycleState.PENDING_PROCEED
                || s == LifecycleState.IN_SERVICE;
    }

    void add(GroupInstance m) {
        members.put(m.instanceId, m);
        count(m, +1);
    }

    void remove(GroupInstance m) {
        if (members.remove(m.instanceId) != null) count(m, -1);
    }

    void setState(GroupInstance m, LifecycleState s) {
        count(m, -1);
        m.state = s;
        count(m, +1);
    }

    void setRebalancing(GroupInstance m, boolean on) {
        count(m, -1);
        m.rebalancing = on;
        count(m, +1);
    }

    private void count(GroupInstance m, int delta) {
        countByState[m.state.ordinal()] += delta;
        if (m.counted()) countedByZone.computeIfAbsent(m.availabilityZone, z -> new int[1])[0] += delta;
    }

    int count(LifecycleState s) {
        return countByState[s.ordinal()];
    }

    /** Members counted against desired capacity. */
    int capacity() {
        int n = 0;
        for (int[] c : countedByZone.values()) n += c[0];
        return n;
    }

    /** Members launching, entering service, leaving it or draining: a scaling activity is in progress. */
    int inTransition() {
        return count(LifecycleState.PENDING) + count(LifecycleState.PENDING_WAIT) + count(LifecycleState.PENDING_PROCEED)
                + count(LifecycleState.TERMINATING) + count(LifecycleState.TERMINATING_WAIT)
                + count(LifecycleState.TERMINATING_PROCEED) + count(LifecycleState.DETACHING)
                + count(LifecycleState.ENTERING_STANDBY);
    }

    int countedIn(String zone) {
        int[] c = countedByZone.get(zone);
        return c == null ? 0 : c[0];
    }

    /** The group's zone with the fewest counted members (first in the group's order on ties): AZ balancing. */
    String leastLoadedZone() {
        String best = zones.get(0);
        int bestCount = countedIn(best);
        for (String z : zones) {
            int c = countedIn(z);
            if (c < bestCount) {
                best = z;
                bestCount = c;
            }
        }
        return best;
    }

    List<HookSpec> hooksFor(String transition) {
        List<HookSpec> out = new ArrayList<>(1);
        for (HookSpec h : hooks.values()) if (h.transition().equals(transition)) out.add(h);
        return out;
    }

    /** Tags put on instances at launch: those marked PropagateAtLaunch plus {@code aws:autoscaling:groupName}. */
    Map<String, String> launchTags() {
        Map<String, String> t = new LinkedHashMap<>();
        for (TagDescription d : tags.values()) {
            if (Boolean.TRUE.equals(d.propagateAtLaunch())) t.put(d.key(), d.value() == null ? "" : d.value());
        }
        t.put("aws:autoscaling:groupName", name);
        return t;
    }

    String launchTemplateRef() {
        return launchTemplate.launchTemplateId() != null ? launchTemplate.launchTemplateId()
                : launchTemplate.launchTemplateName();
    }
}

package dev.fleetops.sim.autoscaling;

import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One instance as a member of a group: its lifecycle state, health and what it waits for. */
final class GroupInstance {

    /** What a member leaving service does once its target groups have drained it. */
    enum AfterDrain { TERMINATE, DETACH, STANDBY }

    final String instanceId;
    final SimGroup group;
    final String availabilityZone;
    final LaunchTemplateSpecification launchTemplate;
    final Instant launchTime;
    /** Launched by the group (as opposed to attached): its InService emits "EC2 Instance Launch Successful". */
    final boolean launchedByGroup;

    LifecycleState state;
    boolean healthy = true;
    boolean protectedFromScaleIn;
    /** When it last entered InService: the health check grace period counts from here. */
    Instant inServiceSince;
    /** Uncounted while its Capacity Rebalancing replacement comes up. */
    boolean rebalancing;
    AfterDrain afterDrain;
    /** Lifecycle actions in progress (one per hook of the current transition). */
    final List<LifecycleHooks.Action> actions = new ArrayList<>(1);

    GroupInstance(String instanceId, SimGroup group, String availabilityZone, LaunchTemplateSpecification launchTemplate,
                  Instant launchTime, boolean launchedByGroup, LifecycleState state) {
        this.instanceId = instanceId;
        this.group = group;
        this.availabilityZone = availabilityZone;
        this.launchTemplate = launchTemplate;
        this.launchTime = launchTime;
        this.launchedByGroup = launchedByGroup;
        this.state = state;
    }

    /** Counted against the group's desired capacity. */
    boolean counted() {
        return !rebalancing && SimGroup.countsTowardCapacity(state);
    }

    boolean is(LifecycleState s) {
        return state == s;
    }
}

package dev.fleetops.sim.autoscaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.region.TargetRegistry;
import dev.fleetops.sim.ec2.LaunchRequest;
import dev.fleetops.sim.region.AwsEvents;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static software.amazon.awssdk.services.autoscaling.model.LifecycleState.*;

/**
 * The groups' control loop in virtual time: launches to desired capacity (balancing zones), scales in by the
 * termination policy, walks members through their lifecycle states (target group registration, draining before
 * termination hooks, lifecycle hooks), and replaces members that die or turn unhealthy. Reacts to EC2 state
 * changes and to Spot/rebalance events; a group reconciles at most once per instant, however many of its members
 * changed.
 */
final class GroupControl implements Instances.Listener, LifecycleHooks.HooksFinished {

    static final Duration DRAIN_POLL = Duration.ofSeconds(5);
    static final Duration HEALTH_SWEEP = Duration.ofSeconds(10);
    static final Duration LAUNCH_RETRY = Duration.ofSeconds(10);
    /** How long Detached and Terminated members stay visible before they leave the group. */
    static final Duration LINGER = Duration.ofSeconds(10);

    private final SimContext ctx;
    private final Ec2Access ec2;
    private final TargetRegistry targets;
    final LifecycleHooks hooks;
    /** Lookup only: never iterated. */
    private final Map<String, GroupInstance> byInstance = new HashMap<>();
    private final List<SimGroup> sweeping = new ArrayList<>();

    GroupControl(SimContext ctx, Ec2Access ec2, TargetRegistry targets) {
        this.ctx = ctx;
        this.ec2 = ec2;
        this.targets = targets;
        this.hooks = new LifecycleHooks(ctx, this);
        ec2.addListener(this);
        ctx.bus().subscribe(this::onEvent);
    }

    Optional<GroupInstance> member(String instanceId) {
        GroupInstance m = byInstance.get(instanceId);
        return m != null && m.group.members.get(instanceId) == m ? Optional.of(m) : Optional.empty();
    }

    // ---- reconciliation -------------------------------------------------------------------------------------

    /** Asks for one reconciliation of the group at the current instant. */
    void changed(SimGroup g) {
        if (g.reconcileScheduled || g.deleting) return;
        g.reconcileScheduled = true;
        ctx.scheduler().scheduleNanos(0, () -> reconcile(g));
    }

    private void reconcile(SimGroup g) {
        g.reconcileScheduled = false;
        if (g.deleting) return;
        Instant now = ctx.scheduler().now();
        int capacity = g.capacity();
        if (capacity < g.desired) {
            launch(g, g.desired - capacity, now);
        } else if (capacity > g.desired) {
            for (GroupInstance m : TerminationPolicy.pick(g, capacity - g.desired, now)) {
                startTermination(m, "an instance was taken out of service in response to a difference between "
                        + "desired and actual capacity, shrinking the capacity from " + capacity + " to " + g.desired);
            }
        }
        if (g.scalingActivityOpen && g.inTransition() == 0 && g.capacity() == g.desired) {
            g.scalingActivityOpen = false;
            g.cooldownUntil = now.plusSeconds(g.defaultCooldown);
        }
        ensureHealthSweep(g);
    }

    private void launch(SimGroup g, int n, Instant now) {
        if (now.isBefore(g.launchBackoffUntil)) return;
        Map<String, String> tags = g.launchTags();
        for (int i = 0; i < n; i++) {
            String zone = g.leastLoadedZone();
            String id;
            try {
                id = ec2.launch(new LaunchRequest(g.launchTemplateRef(), Optional.of(zone), tags, Optional.empty()));
            } catch (RuntimeException e) {
                // AWS records a failed launch activity and retries; so do we, after a pause.
                log(g.name, "launch failed: " + e.getMessage());
                g.launchBackoffUntil = now.plus(LAUNCH_RETRY);
                ctx.scheduler().schedule(LAUNCH_RETRY, () -> changed(g));
                return;
            }
            GroupInstance m = new GroupInstance(id, g, zone, g.launchTemplate, now, true, PENDING);
            m.protectedFromScaleIn = g.newInstancesProtectedFromScaleIn;
            g.add(m);
            byInstance.put(id, m);
            log(id, "Pending (launched in " + zone + " for " + g.name + ")");
            if (ec2.find(id).map(v -> v.state().equals("running")).orElse(false)) running(m);
        }
    }

    // ---- EC2 and events ---------------------------------------------------------------------------------------

    @Override
    public void stateChanged(String instanceId, String from, String to) {
        GroupInstance m = byInstance.get(instanceId);
        if (m == null) return;
        // Handled on its own turn: EC2 may call back from inside a launch or terminate made by this loop.
        ctx.scheduler().scheduleNanos(0, () -> onEc2State(m, to));
    }

    private void onEc2State(GroupInstance m, String to) {
        if (m.group.members.get(m.instanceId) != m) return;
        switch (to) {
            case "running" -> {
                if (m.is(PENDING) && m.launchedByGroup) running(m);
            }
            case "terminated" -> {
                if (m.is(TERMINATING_PROCEED)) terminated(m);
                else if (m.is(STANDBY) || m.is(ENTERING_STANDBY) || m.is(DETACHING) || m.is(DETACHED)) leave(m);
                else if (m.counted() || m.rebalancing) lost(m, "terminated");
            }
            case "stopping", "stopped", "shutting-down" -> {
                if (m.counted() || m.rebalancing) lost(m, to);
            }
            default -> { }
        }
    }

    private void onEvent(ObjectNode e) {
        String type = e.path("detail-type").asText();
        boolean spot = type.equals(AwsEvents.SPOT_WARNING);
        if (!spot && !type.equals(AwsEvents.REBALANCE)) return;
        member(e.path("detail").path("instance-id").asText()).ifPresent(m -> {
            if (!m.group.capacityRebalance) return;
            if (spot && (m.counted() || m.rebalancing)) {
                startTermination(m, "an instance was taken out of service in response to an EC2 instance "
                        + "interruption notice");
            } else if (!spot && m.is(IN_SERVICE) && !m.rebalancing) {
                // Capacity Rebalancing: a replacement first, the old one goes once the new one is in service.
                m.group.setRebalancing(m, true);
                m.group.awaitingRebalance.add(m);
                log(m.instanceId, "rebalance recommendation: launching a replacement");
                changed(m.group);
            }
        });
    }

    /** The member died or failed its health check: it is replaced. */
    void lost(GroupInstance m, String why) {
        m.healthy = false;
        log(m.instanceId, "Unhealthy (" + why + ")");
        startTermination(m, "an instance was taken out of service in response to a health check: " + why);
    }

    // ---- entering service ---------------------------------------------------------------------------------------

    private void running(GroupInstance m) {
        if (!m.group.hooksFor(HookSpec.LAUNCHING).isEmpty()) {
            move(m, PENDING_WAIT);
            hooks.start(m, HookSpec.LAUNCHING);
        } else {
            enterService(m);
        }
    }

    /** Registers in the group's target groups and goes InService (also for attached and returning members). */
    void enterService(GroupInstance m) {
        SimGroup g = m.group;
        for (String tg : g.targetGroupArns) targets.register(tg, m.instanceId);
        boolean firstTime = m.inServiceSince == null;
        m.inServiceSince = ctx.scheduler().now();
        move(m, IN_SERVICE);
        if (firstTime && m.launchedByGroup) {
            AsgEvents.launchSuccessful(ctx, m);
            GroupInstance old = g.awaitingRebalance.poll();
            if (old != null && old.group.members.get(old.instanceId) == old && old.rebalancing) {
                startTermination(old, "an instance was taken out of service in response to an EC2 instance "
                        + "rebalance recommendation");
            }
        }
    }

    @Override
    public void finished(GroupInstance m, String transition, String result) {
        if (transition.equals(HookSpec.LAUNCHING) && m.is(PENDING_WAIT)) {
            if (result.equals("CONTINUE")) {
                move(m, PENDING_PROCEED);
                enterService(m);
            } else {
                // Launch abandoned: the instance is terminated and replaced; it was never registered.
                m.healthy = false;
                move(m, TERMINATING_PROCEED);
                terminateNow(m);
            }
        } else if (transition.equals(HookSpec.TERMINATING) && m.is(TERMINATING_WAIT)) {
            move(m, TERMINATING_PROCEED);
            terminateNow(m);
        }
    }

    // ---- leaving service ----------------------------------------------------------------------------------------

    /** Terminating: deregistered and drained first, then termination hooks, then EC2 termination. */
    void startTermination(GroupInstance m, String cause) {
        if (m.is(TERMINATING) || m.is(TERMINATING_WAIT) || m.is(TERMINATING_PROCEED) || m.is(TERMINATED)) return;
        hooks.cancelAll(m);
        if (m.rebalancing) {
            m.group.setRebalancing(m, false);
            m.group.awaitingRebalance.remove(m);
        }
        log(m.instanceId, "Terminating: " + cause);
        move(m, TERMINATING);
        leaveTargets(m, GroupInstance.AfterDrain.TERMINATE);
    }

    void startDetach(GroupInstance m) {
        move(m, DETACHING);
        leaveTargets(m, GroupInstance.AfterDrain.DETACH);
    }

    void startStandby(GroupInstance m) {
        move(m, ENTERING_STANDBY);
        leaveTargets(m, GroupInstance.AfterDrain.STANDBY);
    }

    /** Back from Standby: Pending, registered again, InService; no lifecycle hooks. */
    void exitStandby(GroupInstance m) {
        move(m, PENDING);
        enterService(m);
    }

    /** A running instance joins the group through AttachInstances. */
    GroupInstance attach(SimGroup g, String instanceId) {
        GroupInstance m = new GroupInstance(instanceId, g, g.leastLoadedZone(), g.launchTemplate,
                ctx.scheduler().now(), false, PENDING);
        g.add(m);
        byInstance.put(instanceId, m);
        enterService(m);
        return m;
    }

    private void leaveTargets(GroupInstance m, GroupInstance.AfterDrain after) {
        m.afterDrain = after;
        for (String tg : m.group.targetGroupArns) targets.deregister(tg, m.instanceId);
        awaitDrained(m, after);
    }

    private void awaitDrained(GroupInstance m, GroupInstance.AfterDrain after) {
        if (m.afterDrain != after || m.group.members.get(m.instanceId) != m) return;
        for (String tg : m.group.targetGroupArns) {
            if (targets.state(tg, m.instanceId).map("draining"::equals).orElse(false)) {
                ctx.scheduler().schedule(DRAIN_POLL, () -> awaitDrained(m, after));
                return;
            }
        }
        m.afterDrain = null;
        switch (after) {
            case TERMINATE -> {
                if (!m.group.hooksFor(HookSpec.TERMINATING).isEmpty()) {
                    move(m, TERMINATING_WAIT);
                    hooks.start(m, HookSpec.TERMINATING);
                } else {
                    move(m, TERMINATING_PROCEED);
                    terminateNow(m);
                }
            }
            case DETACH -> {
                move(m, DETACHED);
                ec2.untag(m.instanceId, "aws:autoscaling:groupName");
                ctx.scheduler().schedule(LINGER, () -> leave(m));
            }
            case STANDBY -> move(m, STANDBY);
        }
    }

    private void terminateNow(GroupInstance m) {
        ec2.terminate(m.instanceId, "autoscaling: " + m.group.name);
        if (ec2.find(m.instanceId).map(v -> v.state().equals("terminated")).orElse(true)) terminated(m);
    }

    private void terminated(GroupInstance m) {
        move(m, TERMINATED);
        AsgEvents.terminateSuccessful(ctx, m);
        ctx.scheduler().schedule(LINGER, () -> leave(m));
    }

    /** The member leaves the group for good. */
    void leave(GroupInstance m) {
        SimGroup g = m.group;
        if (g.members.get(m.instanceId) != m) return;
        hooks.cancelAll(m);
        if (m.rebalancing) g.awaitingRebalance.remove(m);
        g.remove(m);
        byInstance.remove(m.instanceId);
        changed(g);
    }

    // ---- health -------------------------------------------------------------------------------------------------

    /**
     * Every group replaces a member whose EC2 status checks failed (impaired); with HealthCheckType ELB also one
     * whose target is unhealthy, both after the grace period.
     */
    private void ensureHealthSweep(SimGroup g) {
        if (g.deleting || sweeping.contains(g)) return;
        sweeping.add(g);
        ctx.scheduler().schedule(HEALTH_SWEEP, () -> sweep(g));
    }

    private boolean elbChecked(SimGroup g) {
        return !g.deleting && "ELB".equals(g.healthCheckType) && !g.targetGroupArns.isEmpty();
    }

    private void sweep(SimGroup g) {
        if (g.deleting) {
            sweeping.remove(g);
            return;
        }
        boolean elb = elbChecked(g);
        List<String> suspect = List.of();
        if (elb) { // only target groups with an unhealthy target can mark a member unhealthy: ask only those
            suspect = new ArrayList<>(g.targetGroupArns.size());
            for (String tg : g.targetGroupArns) if (targets.mayHaveUnhealthy(tg)) suspect.add(tg);
            elb = !suspect.isEmpty();
        }
        boolean impairable = ec2.mayHaveImpaired(); // as with ELB: no member scan where a count says none can fail
        List<GroupInstance> unhealthy = elb || impairable ? unhealthyMembers(g, impairable, suspect) : null;
        if (unhealthy != null) {
            for (GroupInstance m : unhealthy) {
                lost(m, ec2.statusImpaired(m.instanceId) ? "EC2 status checks failed" : "ELB health check failed");
            }
        }
        ctx.scheduler().schedule(HEALTH_SWEEP, () -> sweep(g));
    }

    /** In service past the grace period and impaired, or unhealthy in one of the {@code suspect} target groups. */
    private List<GroupInstance> unhealthyMembers(SimGroup g, boolean impairable, List<String> suspect) {
        Instant graceStart = ctx.scheduler().now().minusSeconds(g.healthCheckGracePeriod);
        List<GroupInstance> unhealthy = null;
        for (GroupInstance m : g.members.values()) {
            if (!m.is(IN_SERVICE) || m.inServiceSince.isAfter(graceStart)) continue;
            if (impairable && ec2.statusImpaired(m.instanceId)) {
                if (unhealthy == null) unhealthy = new ArrayList<>();
                unhealthy.add(m);
                continue;
            }
            for (String tg : suspect) {
                if (targets.state(tg, m.instanceId).map("unhealthy"::equals).orElse(false)) {
                    if (unhealthy == null) unhealthy = new ArrayList<>();
                    unhealthy.add(m);
                    break;
                }
            }
        }
        return unhealthy;
    }

    // ---- group deletion -----------------------------------------------------------------------------------------

    /** ForceDelete: members terminate at once, lifecycle actions are dropped, nothing is replaced. */
    void forceDelete(SimGroup g) {
        g.deleting = true;
        for (GroupInstance m : List.copyOf(g.members.values())) {
            hooks.cancelAll(m);
            for (String tg : g.targetGroupArns) targets.deregister(tg, m.instanceId);
            if (!m.is(DETACHED) && !m.is(TERMINATED)) ec2.terminate(m.instanceId, "autoscaling: group deleted");
            g.remove(m);
            byInstance.remove(m.instanceId);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    void move(GroupInstance m, LifecycleState s) {
        m.group.setState(m, s);
        if (ctx.timeline().recording()) ctx.log("autoscaling.lifecycle", m.instanceId, s.toString());
        changed(m.group);
    }

    private void log(String subject, String text) {
        if (ctx.timeline().recording()) ctx.log("autoscaling.lifecycle", subject, text);
    }
}

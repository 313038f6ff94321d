package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.region.TargetRegistry;
import dev.fleetops.sim.ec2.Ec2Sim;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.fleetops.sim.autoscaling.AsgErrors.atMost;
import static dev.fleetops.sim.autoscaling.AsgErrors.required;
import static dev.fleetops.sim.autoscaling.AsgErrors.validation;

/**
 * Simulated EC2 Auto Scaling: groups and their operations as AWS validates and answers them. The control loop
 * ({@link GroupControl}) moves members through their lifecycle; lifecycle hooks live in {@link LifecycleHooks}.
 * EC2 is reached through {@link Ec2Access}, target groups through {@link TargetRegistry}.
 */
public final class AutoScalingSim {

    private final SimContext ctx;
    private final Ec2Access ec2;
    private final TargetRegistry targets;
    private final GroupControl control;
    private final Map<String, SimGroup> groups = new LinkedHashMap<>();
    private final AutoScalingAsyncClient client;

    public AutoScalingSim(SimContext ctx, Ec2Sim ec2, TargetRegistry targets) {
        this(ctx, Ec2Access.of(ec2), targets);
    }

    AutoScalingSim(SimContext ctx, Ec2Access ec2, TargetRegistry targets) {
        this.ctx = ctx;
        this.ec2 = ec2;
        this.targets = targets;
        this.control = new GroupControl(ctx, ec2, targets);
        this.client = new SimAutoScalingClient(this, ctx);
    }

    public AutoScalingAsyncClient client() {
        return client;
    }

    // ---- observation (settle logic, reports) ----------------------------------------------------------------

    /** Members of the group by lifecycle state, states in lifecycle order, zero counts left out. */
    public Map<LifecycleState, Integer> countByState(String groupName) {
        SimGroup g = groups.get(groupName);
        Map<LifecycleState, Integer> out = new LinkedHashMap<>();
        if (g == null) return out;
        for (LifecycleState s : LifecycleState.values()) {
            if (s != LifecycleState.UNKNOWN_TO_SDK_VERSION && g.count(s) > 0) out.put(s, g.count(s));
        }
        return out;
    }

    /** Instance ids of the group's members in {@code state}, in the order they joined. */
    public List<String> members(String groupName, LifecycleState state) {
        SimGroup g = groups.get(groupName);
        List<String> out = new ArrayList<>();
        if (g == null) return out;
        for (GroupInstance m : g.members.values()) if (m.state == state) out.add(m.instanceId);
        return out;
    }

    /** Every desired instance InService and healthy, nothing launching or leaving. */
    public boolean settled(String groupName) {
        SimGroup g = groups.get(groupName);
        if (g == null) return false;
        if (g.inTransition() != 0 || g.count(LifecycleState.IN_SERVICE) != g.desired) return false;
        for (GroupInstance m : g.members.values()) if (m.is(LifecycleState.IN_SERVICE) && !m.healthy) return false;
        return true;
    }

    // ---- groups ---------------------------------------------------------------------------------------------

    CreateAutoScalingGroupResponse createAutoScalingGroup(CreateAutoScalingGroupRequest r) {
        String name = required(r.autoScalingGroupName(), "autoScalingGroupName");
        if (name.length() > 255) throw validation("AutoScalingGroupName must be at most 255 characters.");
        if (groups.containsKey(name)) {
            throw AsgErrors.alreadyExists("AutoScalingGroup by this name already exists - A group with the name "
                    + name + " already exists");
        }
        String arn = "arn:aws:autoscaling:" + ctx.region() + ":" + ctx.accountId() + ":autoScalingGroup:"
                + ctx.ids().uuid() + ":autoScalingGroupName/" + name;
        SimGroup g = new SimGroup(name, arn, ctx.scheduler().now());
        GroupSpecs.applyCreate(g, r, ctx.region(), targets);
        describeTemplateFully(g);
        groups.put(name, g);
        control.changed(g);
        return CreateAutoScalingGroupResponse.builder().build();
    }

    /** AWS describes a group's launch template by id and name, whichever of the two it was created with. */
    private void describeTemplateFully(SimGroup g) {
        var lt = g.launchTemplate;
        String key = lt.launchTemplateId() != null ? lt.launchTemplateId() : lt.launchTemplateName();
        ec2.launchTemplate(key).ifPresent(e -> g.launchTemplate = lt.toBuilder()
                .launchTemplateId(e.getKey()).launchTemplateName(e.getValue()).build());
    }

    UpdateAutoScalingGroupResponse updateAutoScalingGroup(UpdateAutoScalingGroupRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        if (GroupSpecs.applyUpdate(g, r, ctx.region())) g.scalingActivityOpen = true;
        control.changed(g);
        return UpdateAutoScalingGroupResponse.builder().build();
    }

    DeleteAutoScalingGroupResponse deleteAutoScalingGroup(DeleteAutoScalingGroupRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        if (Boolean.TRUE.equals(r.forceDelete())) {
            control.forceDelete(g);
        } else if (!g.members.isEmpty()) {
            throw AsgErrors.resourceInUse("You cannot delete an AutoScalingGroup while there are instances or pending "
                    + "Spot instance request(s) still in the group.");
        }
        g.deleting = true;
        groups.remove(g.name);
        return DeleteAutoScalingGroupResponse.builder().build();
    }

    DescribeAutoScalingGroupsResponse describeAutoScalingGroups(DescribeAutoScalingGroupsRequest r) {
        List<SimGroup> selected = new ArrayList<>();
        if (r.hasAutoScalingGroupNames()) {
            for (String n : new LinkedHashSet<>(r.autoScalingGroupNames())) {
                SimGroup g = groups.get(n);
                if (g != null) selected.add(g);
            }
        } else {
            selected.addAll(groups.values());
        }
        selected.removeIf(g -> !matches(g, r.filters()));
        Page<SimGroup> page = Page.of(selected, r.maxRecords(), 100, r.nextToken());
        List<AutoScalingGroup> out = new ArrayList<>(page.items().size());
        for (SimGroup g : page.items()) out.add(AsgViews.group(g));
        return DescribeAutoScalingGroupsResponse.builder().autoScalingGroups(out).nextToken(page.nextToken()).build();
    }

    /** Filters tag:KEY, tag-key and tag-value (ASAPI DescribeAutoScalingGroups). */
    private static boolean matches(SimGroup g, List<Filter> filters) {
        for (Filter f : filters) {
            String name = required(f.name(), "filters.member.name");
            if (!name.startsWith("tag:") && !name.equals("tag-key") && !name.equals("tag-value")) {
                throw validation("Filter name '" + name + "' is invalid.");
            }
            boolean ok = false;
            for (TagDescription t : g.tags.values()) {
                ok |= name.equals("tag-key") ? f.values().contains(t.key())
                        : name.equals("tag-value") ? f.values().contains(t.value())
                        : t.key().equals(name.substring(4)) && f.values().contains(t.value());
            }
            if (!ok) return false;
        }
        return true;
    }

    DescribeAutoScalingInstancesResponse describeAutoScalingInstances(DescribeAutoScalingInstancesRequest r) {
        atMost(r.instanceIds(), 50, "instanceIds");
        List<GroupInstance> selected = new ArrayList<>();
        if (r.hasInstanceIds()) {
            for (String id : new LinkedHashSet<>(r.instanceIds())) control.member(id).ifPresent(selected::add);
        } else {
            for (SimGroup g : groups.values()) selected.addAll(g.members.values());
        }
        Page<GroupInstance> page = Page.of(selected, r.maxRecords(), 50, r.nextToken());
        List<AutoScalingInstanceDetails> out = new ArrayList<>(page.items().size());
        for (GroupInstance m : page.items()) out.add(AsgViews.details(m));
        return DescribeAutoScalingInstancesResponse.builder().autoScalingInstances(out).nextToken(page.nextToken())
                .build();
    }

    SetDesiredCapacityResponse setDesiredCapacity(SetDesiredCapacityRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        int desired = required(r.desiredCapacity(), "desiredCapacity");
        if (desired > g.maxSize) {
            throw validation("New SetDesiredCapacity value " + desired + " is above max value " + g.maxSize
                    + " for the AutoScalingGroup.");
        }
        if (desired < g.minSize) {
            throw validation("New SetDesiredCapacity value " + desired + " is below min value " + g.minSize
                    + " for the AutoScalingGroup.");
        }
        if (Boolean.TRUE.equals(r.honorCooldown())
                && (g.scalingActivityOpen || ctx.scheduler().now().isBefore(g.cooldownUntil))) {
            throw AsgErrors.scalingActivityInProgress("Scaling activity is in progress or the group " + g.name
                    + " is in its cooldown period, and HonorCooldown is set.");
        }
        if (desired != g.desired) {
            g.desired = desired;
            g.scalingActivityOpen = true;
            control.changed(g);
        }
        return SetDesiredCapacityResponse.builder().build();
    }

    // ---- members --------------------------------------------------------------------------------------------

    DetachInstancesResponse detachInstances(DetachInstancesRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        boolean decrement = required(r.shouldDecrementDesiredCapacity(), "shouldDecrementDesiredCapacity");
        List<GroupInstance> ms = members(g, r.instanceIds(), "InService or Standby",
                LifecycleState.IN_SERVICE, LifecycleState.STANDBY);
        int inService = (int) ms.stream().filter(m -> m.is(LifecycleState.IN_SERVICE)).count();
        if (decrement) checkDecrement(g, inService, "detach");
        List<Activity> activities = new ArrayList<>();
        for (GroupInstance m : ms) {
            activities.add(AsgViews.activity(ctx, g, "Detaching EC2 instance: " + m.instanceId,
                    "an instance was detached in response to a user request" + (decrement
                            ? ", shrinking the capacity from " + g.desired + " to " + (g.desired - inService) : ""), 50));
        }
        if (decrement) g.desired -= inService;
        for (GroupInstance m : ms) control.startDetach(m);
        return DetachInstancesResponse.builder().activities(activities).build();
    }

    AttachInstancesResponse attachInstances(AttachInstancesRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        atMost(r.instanceIds(), 20, "instanceIds");
        List<String> ids = List.copyOf(new LinkedHashSet<>(r.instanceIds()));
        for (String id : ids) {
            Optional<Instances.View> v = ec2.find(id);
            if (v.isEmpty() || v.get().state().equals("terminated")) {
                throw validation("Instance " + id + " is not in a valid state or does not exist.");
            }
            if (!v.get().state().equals("running")) throw validation("Instance " + id + " is not in correct state");
            if (control.member(id).isPresent()) {
                throw validation("The instance " + id + " is already part of an Auto Scaling group.");
            }
        }
        GroupSpecs.sizes(g.minSize, g.maxSize, g.desired + ids.size());
        g.desired += ids.size();
        for (String id : ids) control.attach(g, id);
        return AttachInstancesResponse.builder().build();
    }

    EnterStandbyResponse enterStandby(EnterStandbyRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        boolean decrement = required(r.shouldDecrementDesiredCapacity(), "shouldDecrementDesiredCapacity");
        List<GroupInstance> ms = members(g, r.instanceIds(), "InService", LifecycleState.IN_SERVICE);
        if (decrement) checkDecrement(g, ms.size(), "move to Standby");
        List<Activity> activities = new ArrayList<>();
        for (GroupInstance m : ms) {
            activities.add(AsgViews.activity(ctx, g, "Moving EC2 instance to Standby: " + m.instanceId,
                    "an instance was moved to standby in response to a user request", 50));
        }
        if (decrement) g.desired -= ms.size();
        for (GroupInstance m : ms) control.startStandby(m);
        return EnterStandbyResponse.builder().activities(activities).build();
    }

    ExitStandbyResponse exitStandby(ExitStandbyRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        List<GroupInstance> ms = members(g, r.instanceIds(), "Standby", LifecycleState.STANDBY);
        GroupSpecs.sizes(g.minSize, g.maxSize, g.desired + ms.size());
        List<Activity> activities = new ArrayList<>();
        for (GroupInstance m : ms) {
            activities.add(AsgViews.activity(ctx, g, "Moving EC2 instance out of Standby: " + m.instanceId,
                    "an instance was moved out of standby in response to a user request, increasing the capacity from "
                            + g.desired + " to " + (g.desired + ms.size()), 30));
        }
        g.desired += ms.size();
        for (GroupInstance m : ms) control.exitStandby(m);
        return ExitStandbyResponse.builder().activities(activities).build();
    }

    TerminateInstanceInAutoScalingGroupResponse terminateInstanceInAutoScalingGroup(
            TerminateInstanceInAutoScalingGroupRequest r) {
        String id = required(r.instanceId(), "instanceId");
        boolean decrement = required(r.shouldDecrementDesiredCapacity(), "shouldDecrementDesiredCapacity");
        GroupInstance m = managed(id);
        SimGroup g = m.group;
        boolean counted = m.counted() || m.rebalancing;
        if (decrement && counted) checkDecrement(g, 1, "terminate");
        Activity a = AsgViews.activity(ctx, g, "Terminating EC2 instance: " + id,
                "an instance was taken out of service in response to a user request" + (decrement && counted
                        ? ", shrinking the capacity from " + g.desired + " to " + (g.desired - 1) : ""), 0);
        if (decrement && counted) g.desired -= 1;
        control.startTermination(m, "user request");
        return TerminateInstanceInAutoScalingGroupResponse.builder().activity(a).build();
    }

    SetInstanceHealthResponse setInstanceHealth(SetInstanceHealthRequest r) {
        String id = required(r.instanceId(), "instanceId");
        String status = required(r.healthStatus(), "healthStatus");
        if (!status.equals("Healthy") && !status.equals("Unhealthy")) {
            throw validation("Valid values for HealthStatus are Healthy and Unhealthy.");
        }
        GroupInstance m = managed(id);
        if (status.equals("Healthy")) {
            m.healthy = true;
        } else {
            boolean respectGrace = r.shouldRespectGracePeriod() == null || r.shouldRespectGracePeriod();
            boolean inGrace = m.inServiceSince != null && ctx.scheduler().now()
                    .isBefore(m.inServiceSince.plusSeconds(m.group.healthCheckGracePeriod));
            if (!(respectGrace && inGrace) && (m.counted() || m.rebalancing)) control.lost(m, "SetInstanceHealth");
        }
        return SetInstanceHealthResponse.builder().build();
    }

    // ---- lifecycle hooks ------------------------------------------------------------------------------------

    PutLifecycleHookResponse putLifecycleHook(PutLifecycleHookRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        String name = required(r.lifecycleHookName(), "lifecycleHookName");
        HookSpec old = g.hooks.get(name);
        String transition = r.lifecycleTransition() != null ? r.lifecycleTransition()
                : old != null ? old.transition() : null;
        if (transition == null) throw validation("A lifecycle transition is required to create a lifecycle hook.");
        if (!transition.equals(HookSpec.LAUNCHING) && !transition.equals(HookSpec.TERMINATING)) {
            throw validation("Invalid Lifecycle Transition: " + transition);
        }
        int heartbeat = r.heartbeatTimeout() != null ? r.heartbeatTimeout()
                : old != null ? old.heartbeatTimeout() : HookSpec.DEFAULT_HEARTBEAT;
        if (heartbeat < 30 || heartbeat > 7200) {
            throw validation("Heartbeat timeout must be between 30 and 7200 seconds, got " + heartbeat);
        }
        String result = r.defaultResult() != null ? r.defaultResult()
                : old != null ? old.defaultResult() : HookSpec.DEFAULT_RESULT;
        if (!result.equals("CONTINUE") && !result.equals("ABANDON")) {
            throw validation("Valid values for DefaultResult are CONTINUE and ABANDON.");
        }
        String metadata = r.notificationMetadata() != null ? r.notificationMetadata()
                : old != null ? old.notificationMetadata() : null;
        if (metadata != null && metadata.length() > 1023) {
            throw validation("NotificationMetadata must be at most 1023 characters.");
        }
        if (old == null && g.hooks.size() >= 50) {
            throw AsgErrors.limitExceeded("Max lifecycle hooks (50) reached for AutoScalingGroup " + g.name);
        }
        g.hooks.put(name, new HookSpec(name, g.name, transition, heartbeat, result, metadata,
                r.notificationTargetARN() != null ? r.notificationTargetARN() : old != null ? old.notificationTargetArn() : null,
                r.roleARN() != null ? r.roleARN() : old != null ? old.roleArn() : null));
        return PutLifecycleHookResponse.builder().build();
    }

    DescribeLifecycleHooksResponse describeLifecycleHooks(DescribeLifecycleHooksRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        atMost(r.lifecycleHookNames(), 50, "lifecycleHookNames");
        List<LifecycleHook> out = new ArrayList<>();
        for (HookSpec h : g.hooks.values()) {
            if (!r.hasLifecycleHookNames() || r.lifecycleHookNames().contains(h.name())) out.add(h.toSdk());
        }
        return DescribeLifecycleHooksResponse.builder().lifecycleHooks(out).build();
    }

    DeleteLifecycleHookResponse deleteLifecycleHook(DeleteLifecycleHookRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        String name = required(r.lifecycleHookName(), "lifecycleHookName");
        HookSpec h = g.hooks.remove(name);
        if (h == null) throw validation("No Lifecycle Hook found with name " + name + " for group " + g.name);
        control.hooks.hookDeleted(g, h);
        return DeleteLifecycleHookResponse.builder().build();
    }

    CompleteLifecycleActionResponse completeLifecycleAction(CompleteLifecycleActionRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        String hook = required(r.lifecycleHookName(), "lifecycleHookName");
        String result = required(r.lifecycleActionResult(), "lifecycleActionResult");
        if (!result.equals("CONTINUE") && !result.equals("ABANDON")) {
            throw validation("Valid values for LifecycleActionResult are CONTINUE and ABANDON.");
        }
        tokenOrInstance(r.lifecycleActionToken(), r.instanceId());
        control.hooks.complete(control.hooks.find(g, hook, r.lifecycleActionToken(), r.instanceId()), result);
        return CompleteLifecycleActionResponse.builder().build();
    }

    RecordLifecycleActionHeartbeatResponse recordLifecycleActionHeartbeat(RecordLifecycleActionHeartbeatRequest r) {
        SimGroup g = group(r.autoScalingGroupName());
        String hook = required(r.lifecycleHookName(), "lifecycleHookName");
        tokenOrInstance(r.lifecycleActionToken(), r.instanceId());
        control.hooks.heartbeat(control.hooks.find(g, hook, r.lifecycleActionToken(), r.instanceId()));
        return RecordLifecycleActionHeartbeatResponse.builder().build();
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private SimGroup group(String name) {
        required(name, "autoScalingGroupName");
        SimGroup g = groups.get(name);
        if (g == null) throw AsgErrors.groupNotFound(name);
        return g;
    }

    private GroupInstance managed(String id) {
        return control.member(id).orElseThrow(() -> validation(
                "Instance Id not found - No managed instance found for instance ID: " + id));
    }

    /** At most 20 distinct ids, each a member of the group in one of {@code allowed}. */
    private List<GroupInstance> members(SimGroup g, List<String> ids, String allowedText, LifecycleState... allowed) {
        atMost(ids, 20, "instanceIds");
        List<GroupInstance> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            GroupInstance m = g.members.get(id);
            if (m == null) throw validation("The instance " + id + " is not part of Auto Scaling group " + g.name + ".");
            if (!List.of(allowed).contains(m.state)) {
                throw validation("The instance " + id + " is not in " + allowedText + " (it is " + m.state + ").");
            }
            out.add(m);
        }
        return out;
    }

    private static void checkDecrement(SimGroup g, int n, String what) {
        if (g.desired - n < g.minSize) {
            throw validation("Cannot " + what + " with ShouldDecrementDesiredCapacity: the desired capacity of "
                    + g.name + " would fall to " + (g.desired - n) + ", below its MinSize " + g.minSize
                    + ". Lower MinSize first.");
        }
    }

    private static void tokenOrInstance(String token, String instanceId) {
        if (token == null && instanceId == null) {
            throw validation("Either LifecycleActionToken or InstanceId must be specified.");
        }
    }
}

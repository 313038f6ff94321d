package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.api.SimErrors;
import dev.fleetops.sim.ec2.LaunchRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small EC2 for Auto Scaling tests: pending -> running after the region's boot timing, shutting-down ->
 * terminated after its terminate timing, listeners told of each change. Known launch templates: lt-0web / web.
 */
final class FakeEc2 implements Ec2Access {

    record Launched(String id, LaunchRequest request) { }

    private final SimContext ctx;
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    private final List<Instances.Listener> listeners = new ArrayList<>();
    final List<Launched> launched = new ArrayList<>();

    FakeEc2(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String launch(LaunchRequest r) {
        if (!r.launchTemplate().equals("lt-0web") && !r.launchTemplate().equals("web")) {
            throw SimErrors.ec2("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID "
                    + r.launchTemplate() + ", does not exist.");
        }
        String id = start(r.tags());
        launched.add(new Launched(id, r));
        return id;
    }

    /** An instance launched outside any group (for AttachInstances). */
    String start(Map<String, String> instanceTags) {
        String id = ctx.ids().hex17("i");
        states.put(id, "pending");
        tags.put(id, Map.copyOf(instanceTags));
        ctx.scheduler().schedule(ctx.timings().boot(), () -> {
            if (states.get(id).equals("pending")) set(id, "running");
        });
        return id;
    }

    @Override
    public void terminate(String instanceId, String reason) {
        String s = states.get(instanceId);
        if (s == null || s.equals("shutting-down") || s.equals("terminated")) return;
        set(instanceId, "shutting-down");
        ctx.scheduler().schedule(ctx.timings().terminate(), () -> set(instanceId, "terminated"));
    }

    /** Someone stops the instance behind the group's back. */
    void stop(String instanceId) {
        set(instanceId, "stopping");
        ctx.scheduler().schedule(ctx.timings().stop(), () -> set(instanceId, "stopped"));
    }

    String state(String instanceId) {
        return states.get(instanceId);
    }

    Map<String, String> tags(String instanceId) {
        return tags.get(instanceId);
    }

    @Override
    public Optional<Instances.View> find(String instanceId) {
        String s = states.get(instanceId);
        if (s == null) return Optional.empty();
        return Optional.of(new Instances.View(instanceId, s, "10.0.0.1", "ip-10-0-0-1.ec2.internal", "Linux/UNIX",
                false, tags.get(instanceId)));
    }

    @Override
    public void addListener(Instances.Listener listener) {
        listeners.add(listener);
    }

    private void set(String id, String to) {
        String from = states.put(id, to);
        for (Instances.Listener l : listeners) l.stateChanged(id, from, to);
    }
}

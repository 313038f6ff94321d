package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A minimal EC2 for SSM's tests: instances that boot, stop, terminate and reboot on the virtual clock, with an
 * app that can be taken down, and a record of the reboots the agent asked for.
 */
final class FakeInstances implements Instances {

    static final Duration BOOT = Duration.ofSeconds(30);
    static final Duration APP_START = Duration.ofSeconds(10);
    static final Duration REBOOT = Duration.ofSeconds(30);

    private final VirtualScheduler scheduler;
    private final Map<String, View> views = new LinkedHashMap<>();
    private final Map<String, Boolean> app = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    final List<String> reboots = new ArrayList<>();
    private int next;

    FakeInstances(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** A new instance, pending; running after {@link #BOOT}, its app answering {@link #APP_START} later. */
    String launch(String platform, Map<String, String> tags) {
        String id = String.format("i-%017x", 0xabc000L + next++);
        views.put(id, new View(id, "pending", "10.0.0." + next, "ip-10-0-0-" + next + ".ec2.internal", platform,
                false, tags));
        app.put(id, false);
        scheduler.schedule(BOOT, () -> {
            state(id, "running");
            scheduler.schedule(APP_START, () -> app(id, true));
        });
        return id;
    }

    String launch() {
        return launch("Linux/UNIX", Map.of());
    }

    void state(String id, String to) {
        View v = views.get(id);
        views.put(id, new View(id, to, v.privateIp(), v.privateDnsName(), v.platform(), v.spot(), v.tags()));
        if (!to.equals("running") && app.get(id)) app(id, false);
        for (Listener l : listeners) l.stateChanged(id, v.state(), to);
    }

    void app(String id, boolean up) {
        app.put(id, up);
        for (Listener l : listeners) l.appChanged(id, up);
    }

    @Override
    public Optional<View> find(String instanceId) {
        return Optional.ofNullable(views.get(instanceId));
    }

    @Override
    public boolean appResponding(String instanceId) {
        return app.getOrDefault(instanceId, false) && views.get(instanceId).state().equals("running");
    }

    @Override
    public void rebootByAgent(String instanceId) {
        reboots.add(instanceId + "@" + scheduler.elapsed());
        if (app.get(instanceId)) app(instanceId, false);
        scheduler.schedule(REBOOT.plus(APP_START), () -> app(instanceId, true));
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }
}

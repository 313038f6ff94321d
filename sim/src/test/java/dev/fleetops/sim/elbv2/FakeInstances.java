package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** EC2 as ELBv2 sees it, under the test's control: instances whose state and app the test sets. */
final class FakeInstances implements Instances {

    private final VirtualScheduler scheduler;
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, Boolean> apps = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    private int next;

    FakeInstances(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** A running instance whose app answers. */
    String running() {
        String id = String.format("i-0%016x", 0xabc000L + ++next);
        states.put(id, "running");
        apps.put(id, true);
        return id;
    }

    void state(String id, String to) {
        String from = states.put(id, to);
        if (!to.equals("running")) app(id, false);
        for (Listener l : listeners) l.stateChanged(id, from, to);
    }

    void app(String id, boolean responding) {
        Boolean before = apps.put(id, responding);
        if (before == null || before != responding) for (Listener l : listeners) l.appChanged(id, responding);
    }

    /** An OS reboot: the app is down for {@code downFor}, then answers again (the instance stays running). */
    void reboot(String id, Duration downFor) {
        app(id, false);
        scheduler.schedule(downFor, () -> app(id, true));
    }

    @Override
    public Optional<View> find(String instanceId) {
        String state = states.get(instanceId);
        if (state == null) return Optional.empty();
        return Optional.of(new View(instanceId, state, "10.0.0.1", "ip-10-0-0-1.ec2.internal", "Linux/UNIX", false,
                Map.of()));
    }

    @Override
    public boolean appResponding(String instanceId) {
        return "running".equals(states.get(instanceId)) && apps.getOrDefault(instanceId, false);
    }

    @Override
    public void rebootByAgent(String instanceId) {
        reboot(instanceId, Duration.ofSeconds(30));
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }
}

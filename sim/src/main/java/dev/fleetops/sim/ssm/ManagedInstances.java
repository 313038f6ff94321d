package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The managed nodes as SSM sees them: an instance's agent registers shortly after the instance is running (its
 * PingStatus turns Online), loses its connection while the instance is stopped, and stays known (never again
 * Online) once terminated. Also tells waiting invocations when an agent comes online or is back from a reboot.
 */
final class ManagedInstances implements Instances.Listener {

    /** From "running" to the agent's first ping: the agent starts with the OS and registers within seconds. */
    static final Duration REGISTRATION = Duration.ofSeconds(5);

    static final class Node {
        final String instanceId;
        /** The agent has pinged at least once: SSM knows the node. */
        boolean registered;
        boolean online;
        boolean terminated;
        Instant lastPing;
        private List<Runnable> whenOnline;
        private List<Runnable> afterReboot;

        Node(String instanceId) {
            this.instanceId = instanceId;
        }
    }

    private final SimContext ctx;
    private final Instances instances;
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    ManagedInstances(SimContext ctx, Instances instances) {
        this.ctx = ctx;
        this.instances = instances;
        instances.addListener(this);
    }

    @Override
    public void stateChanged(String instanceId, String from, String to) {
        switch (to) {
            case "running" -> ctx.scheduler().schedule(ctx.jittered(REGISTRATION), () -> register(instanceId));
            case "stopping", "stopped", "shutting-down" -> {
                Node n = nodes.get(instanceId);
                if (n != null && n.online) {
                    n.online = false;
                    n.lastPing = ctx.scheduler().now();
                }
            }
            case "terminated" -> {
                Node n = nodes.get(instanceId);
                if (n != null) {
                    n.online = false;
                    n.terminated = true;
                    n.whenOnline = null;
                    n.afterReboot = null;
                }
            }
            default -> { }
        }
    }

    @Override
    public void appChanged(String instanceId, boolean responding) {
        if (!responding) return;
        Node n = nodes.get(instanceId);
        if (n == null || n.afterReboot == null) return;
        List<Runnable> waiting = n.afterReboot;
        n.afterReboot = null;
        waiting.forEach(Runnable::run);
    }

    private void register(String instanceId) {
        boolean running = instances.find(instanceId).map(v -> v.state().equals("running")).orElse(false);
        if (!running) return;
        Node n = nodes.computeIfAbsent(instanceId, Node::new);
        n.registered = true;
        n.online = true;
        n.terminated = false;
        n.lastPing = ctx.scheduler().now();
        if (ctx.timeline().recording()) ctx.log("ssm.agent", instanceId, "agent online");
        if (n.whenOnline != null) {
            List<Runnable> waiting = n.whenOnline;
            n.whenOnline = null;
            waiting.forEach(Runnable::run);
        }
    }

    /** A node whose agent has registered. */
    Optional<Node> find(String instanceId) {
        return Optional.ofNullable(nodes.get(instanceId)).filter(n -> n.registered);
    }

    boolean online(String instanceId) {
        Node n = nodes.get(instanceId);
        return n != null && n.online;
    }

    /** Nodes in the order their agents first registered (or were first waited for). */
    Collection<Node> all() {
        return nodes.values();
    }

    /** Runs {@code task} when the instance's agent next comes online (dropped if it is terminated first). */
    void whenOnline(String instanceId, Runnable task) {
        Node n = nodes.computeIfAbsent(instanceId, Node::new);
        if (n.whenOnline == null) n.whenOnline = new ArrayList<>(1);
        n.whenOnline.add(task);
    }

    /**
     * Runs {@code task} when the instance is back from a reboot its agent asked for: when its app answers again,
     * the one signal EC2 gives that the OS finished booting.
     */
    void afterReboot(String instanceId, Runnable task) {
        Node n = nodes.computeIfAbsent(instanceId, Node::new);
        if (n.afterReboot == null) n.afterReboot = new ArrayList<>(1);
        n.afterReboot.add(task);
    }

    Instant lastPing(Node n) {
        return n.online ? ctx.scheduler().now() : n.lastPing;
    }
}

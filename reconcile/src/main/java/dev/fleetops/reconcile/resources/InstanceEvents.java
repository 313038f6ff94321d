package dev.fleetops.reconcile.resources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.reconcile.EventSource;
import dev.fleetops.reconcile.Services;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One subscription to the event source per engine, routed by instance id (EC2 state-change events) or to
 * listeners of every event, so a thousand watches cost one map lookup per event, not a thousand.
 */
final class InstanceEvents implements AutoCloseable {

    static final String EC2 = "aws.ec2";
    static final String STATE_CHANGE = "EC2 Instance State-change Notification";

    private final Map<String, List<Consumer<String>>> byInstance = new LinkedHashMap<>();
    private final List<Consumer<JsonNode>> all = new ArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile EventSource.Subscription subscription;
    private volatile boolean closed;

    private InstanceEvents(EventSource source) {
        source.subscribe(this::received).whenComplete((s, e) -> {
            if (e != null) {
                ready.completeExceptionally(e);
            } else if (closed) {
                s.close();
            } else {
                subscription = s;
                ready.complete(null);
            }
        });
    }

    /** The engine's router; only when the services have an event source. */
    public static InstanceEvents of(Services s) {
        return s.shared(InstanceEvents.class, x -> new InstanceEvents(x.events().orElseThrow()));
    }

    /** Completes once events really flow. */
    public CompletionStage<Void> ready() {
        return ready;
    }

    /** {@code listener} gets the new state name of each state-change event about {@code instanceId}. */
    public synchronized Runnable follow(String instanceId, Consumer<String> listener) {
        byInstance.computeIfAbsent(instanceId, k -> new ArrayList<>()).add(listener);
        return () -> {
            synchronized (this) {
                List<Consumer<String>> l = byInstance.get(instanceId);
                if (l != null) {
                    l.remove(listener);
                    if (l.isEmpty()) byInstance.remove(instanceId);
                }
            }
        };
    }

    /** {@code listener} gets every event. */
    public synchronized Runnable everyEvent(Consumer<JsonNode> listener) {
        all.add(listener);
        return () -> {
            synchronized (this) {
                all.remove(listener);
            }
        };
    }

    /** Instances followed now (for tests: released on shutdown). */
    public synchronized int followed() {
        return byInstance.size() + all.size();
    }

    private void received(JsonNode event) {
        List<Consumer<String>> targets = List.of();
        List<Consumer<JsonNode>> generic;
        String state = null;
        synchronized (this) {
            if (EC2.equals(event.path("source").asText()) && STATE_CHANGE.equals(event.path("detail-type").asText())) {
                List<Consumer<String>> l = byInstance.get(event.path("detail").path("instance-id").asText());
                if (l != null) targets = List.copyOf(l);
                state = event.path("detail").path("state").asText();
            }
            generic = all.isEmpty() ? List.of() : List.copyOf(all);
        }
        for (Consumer<String> c : targets) c.accept(state);
        for (Consumer<JsonNode> c : generic) c.accept(event);
    }

    @Override
    public synchronized void close() {
        closed = true;
        byInstance.clear();
        all.clear();
        if (subscription != null) subscription.close();
    }
}

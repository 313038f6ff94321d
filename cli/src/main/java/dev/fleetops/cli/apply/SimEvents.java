package dev.fleetops.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.reconcile.EventSource;
import dev.fleetops.sim.SimRegion;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The simulated region's EventBridge bus as an {@link EventSource}: the bus delivers every event to in-process
 * subscribers at the instant it is emitted. The bus has no unsubscribe, so this adapter subscribes once and keeps
 * its own list, which closing a subscription really leaves.
 */
public final class SimEvents implements EventSource {

    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

    public SimEvents(SimRegion region) {
        region.context().bus().subscribe(e -> {
            for (Consumer<JsonNode> l : listeners) l.accept(e);
        });
    }

    @Override
    public CompletionStage<Subscription> subscribe(Consumer<JsonNode> listener) {
        listeners.add(listener);
        // In-process delivery: the listener is in the list, so events already flow to it.
        return CompletableFuture.completedFuture(() -> listeners.remove(listener));
    }

    /** Subscriptions open now. */
    public int subscribers() {
        return listeners.size();
    }
}

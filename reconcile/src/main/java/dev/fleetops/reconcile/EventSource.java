package dev.fleetops.reconcile;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * EventBridge events (the full envelope: source, detail-type, detail...) as watches receive them. The CLI wires it:
 * the simulator's bus, later the events intake (EventBridge -> SQS).
 */
public interface EventSource {

    /**
     * @return completes once events are really flowing to {@code listener} (a watch is ready only then: reference
     *         1.3 and seed 001's first race)
     */
    CompletionStage<Subscription> subscribe(Consumer<JsonNode> listener);

    /** Stops delivery; releases what the subscription holds (reference 1.6: MGMT #982). */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}

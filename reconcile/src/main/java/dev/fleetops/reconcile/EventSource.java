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
     * @return completes once events are really flowing to {@code listener} (a watch is ready only then: mgmt's
     *         docs/resource-guide.md, and seed 001's first race)
     */
    CompletionStage<Subscription> subscribe(Consumer<JsonNode> listener);

    /** Stops delivery; releases what the subscription holds (mgmt #982). */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}

package dev.fleetops.waiters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;

/**
 * Where a wait hears about changes to the resources it watches, so it can poll again at once instead of waiting
 * out its delay. On the simulator this is the region's EventBridge bus; against AWS it may be an EventBridge rule
 * delivering to a queue; {@link #none()} polls on schedule only.
 */
@FunctionalInterface
public interface EventTrigger {

    /** A change to one resource: its id (an instance id) and, when the event says it, its new state. */
    record Notice(String resourceId, String detailType, String state) { }

    /** Stops the notices (the wait ended). */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    Subscription subscribe(Consumer<Notice> listener);

    static EventTrigger none() {
        return listener -> () -> { };
    }

    /**
     * EventBridge events (the full envelope: {@code source}, {@code detail-type}, {@code detail}) as notices: every
     * event whose detail names an {@code instance-id} ({@code EC2 Instance State-change Notification}, Spot
     * warnings, Auto Scaling lifecycle actions use {@code EC2InstanceId}).
     *
     * @param subscribe registers a listener for every event on the bus, e.g. {@code region.context().bus()::subscribe}
     */
    static EventTrigger eventBridge(Consumer<Consumer<ObjectNode>> subscribe) {
        return listener -> {
            boolean[] open = {true};
            subscribe.accept(event -> {
                if (!open[0]) return;
                Notice n = notice(event);
                if (n != null) listener.accept(n);
            });
            return () -> open[0] = false;
        };
    }

    /** The notice an EventBridge event carries, or null when it names no instance. */
    static Notice notice(JsonNode event) {
        JsonNode detail = event.path("detail");
        String id = detail.path("instance-id").asText(null);
        if (id == null) id = detail.path("EC2InstanceId").asText(null);
        if (id == null) return null;
        return new Notice(id, event.path("detail-type").asText(""), detail.path("state").asText(null));
    }
}

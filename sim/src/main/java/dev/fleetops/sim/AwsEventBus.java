package dev.fleetops.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.Consumer;

/**
 * The region's default EventBridge bus as seen by the simulated services: they emit the events AWS itself
 * emits ({@code aws.ec2}, {@code aws.autoscaling}); rules route them to targets; in-process subscribers (the
 * CLI timeline, waiters' re-poll trigger, handlers on the simulator) see every event.
 */
public interface AwsEventBus {

    /** Builds the EventBridge envelope (id, time, account, region) around {@code detail} and delivers it. */
    ObjectNode emit(String source, String detailType, List<String> resources, ObjectNode detail);

    /** Delivers an already enveloped event (PutEvents). */
    void publish(ObjectNode event);

    void subscribe(Consumer<ObjectNode> subscriber);
}

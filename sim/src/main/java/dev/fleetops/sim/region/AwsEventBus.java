package dev.fleetops.sim.region;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.time.VirtualScheduler;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The region's default EventBridge bus as seen by the simulated services: they emit the events AWS itself
 * emits ({@code aws.ec2}, {@code aws.autoscaling}); subscribers see every event at the instant it is published,
 * in the order they subscribed. Simulated EventBridge subscribes first (its rules route to targets); then the
 * other services, the CLI timeline, waiters' re-poll trigger, handlers on the simulator.
 */
public final class AwsEventBus {

    private final VirtualScheduler scheduler;
    private final Ids ids;
    private final Timeline timeline;
    private final String region;
    private final String accountId;
    private final List<Consumer<ObjectNode>> subscribers = new ArrayList<>();

    AwsEventBus(VirtualScheduler scheduler, Ids ids, Timeline timeline, String region, String accountId) {
        this.scheduler = scheduler;
        this.ids = ids;
        this.timeline = timeline;
        this.region = region;
        this.accountId = accountId;
    }

    /** Builds the EventBridge envelope (id, time, account, region) around {@code detail} and delivers it. */
    public ObjectNode emit(String source, String detailType, List<String> resources, ObjectNode detail) {
        ObjectNode e = envelope(source, detailType, scheduler.now(), resources, detail);
        publish(e);
        return e;
    }

    /** The EventBridge event structure ("AWS service events delivered via EventBridge", EventBridge User Guide). */
    public ObjectNode envelope(String source, String detailType, Instant time, List<String> resources,
                               ObjectNode detail) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("version", "0");
        e.put("id", ids.uuid());
        e.put("detail-type", detailType);
        e.put("source", source);
        e.put("account", accountId);
        e.put("time", DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS)));
        e.put("region", region);
        var res = e.putArray("resources");
        resources.forEach(res::add);
        e.set("detail", detail);
        return e;
    }

    /** Delivers an already enveloped event (PutEvents). */
    public void publish(ObjectNode event) {
        if (timeline.recording()) {
            timeline.add(scheduler.now(), "event", event.path("detail-type").asText(), event.path("detail").toString());
        }
        for (Consumer<ObjectNode> s : subscribers) s.accept(event);
    }

    public void subscribe(Consumer<ObjectNode> subscriber) {
        subscribers.add(subscriber);
    }
}

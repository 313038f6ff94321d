package dev.fleetops.sim.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.AwsEventBus;
import dev.fleetops.sim.SimContext;
import dev.fleetops.sim.sqs.SqsSim;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Simulated EventBridge default bus: rules with event patterns, SQS targets, PutEvents. (Skeleton.) */
public final class EventBridgeSim implements AwsEventBus {

    private final SimContext ctx;
    private final SqsSim sqs;
    private final List<Consumer<ObjectNode>> subscribers = new ArrayList<>();
    private final EventBridgeAsyncClient client;

    public EventBridgeSim(SimContext ctx, SqsSim sqs) {
        this.ctx = ctx;
        this.sqs = sqs;
        this.client = new SimEventBridgeClient(this);
    }

    public EventBridgeAsyncClient client() {
        return client;
    }

    @Override
    public ObjectNode emit(String source, String detailType, List<String> resources, ObjectNode detail) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("version", "0");
        e.put("id", ctx.ids().uuid());
        e.put("detail-type", detailType);
        e.put("source", source);
        e.put("account", ctx.accountId());
        e.put("time", DateTimeFormatter.ISO_INSTANT.format(ctx.scheduler().now().truncatedTo(ChronoUnit.SECONDS)));
        e.put("region", ctx.region());
        var res = e.putArray("resources");
        resources.forEach(res::add);
        e.set("detail", detail);
        publish(e);
        return e;
    }

    @Override
    public void publish(ObjectNode event) {
        ctx.log("event", event.path("detail-type").asText(), event.path("detail").toString());
        for (Consumer<ObjectNode> s : subscribers) s.accept(event);
    }

    @Override
    public void subscribe(Consumer<ObjectNode> subscriber) {
        subscribers.add(subscriber);
    }
}

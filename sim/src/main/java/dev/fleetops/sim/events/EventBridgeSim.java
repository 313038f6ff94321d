package dev.fleetops.sim.events;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.sqs.SqsSim;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Simulated EventBridge default bus. Every event on it (emitted by the simulated services, or put with
 * PutEvents) is matched against the enabled rules' patterns with aws/event-ruler and delivered to each matching
 * rule's SQS targets as the EventBridge event JSON (or the target's Input / InputPath); the region's
 * {@code AwsEventBus} hands it to in-process subscribers. Delivery happens at the instant the event is emitted.
 */
public final class EventBridgeSim {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimContext ctx;
    private final SqsSim sqs;
    private final EventRules rules;
    private final EventBridgeAsyncClient client;

    public EventBridgeSim(SimContext ctx, SqsSim sqs) {
        this.ctx = ctx;
        this.sqs = sqs;
        this.rules = new EventRules(ctx.region(), ctx.accountId());
        this.client = new SimEventBridgeClient(ctx, this, rules);
        ctx.bus().subscribe(this::route);
    }

    public EventBridgeAsyncClient client() {
        return client;
    }

    /** Routes one event of the bus to the targets of the rules it matches. */
    private void route(ObjectNode event) {
        List<EventRule> matched = rules.matching(event);
        if (!matched.isEmpty()) deliver(event, matched);
    }

    PutEventsResponse putEvents(PutEventsRequest r) {
        List<PutEventsRequestEntry> entries = r.hasEntries() ? r.entries() : List.of();
        if (entries.isEmpty() || entries.size() > 10) {
            throw EventBridgeErrors.lengthConstraint("entries", entries.size() + " entries",
                    "Member must have length less than or equal to 10 and greater than or equal to 1");
        }
        List<PutEventsResultEntry> results = new ArrayList<>(entries.size());
        int failed = 0;
        for (PutEventsRequestEntry entry : entries) {
            PutEventsResultEntry result = put(entry);
            if (result.errorCode() != null) failed++;
            results.add(result);
        }
        return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
    }

    private PutEventsResultEntry put(PutEventsRequestEntry entry) {
        String bus = entry.eventBusName();
        if (bus != null && !bus.equals("default")
                && !bus.equals("arn:aws:events:" + ctx.region() + ":" + ctx.accountId() + ":event-bus/default")) {
            return failure("InvalidArgument", "Event bus " + bus + " does not exist.");
        }
        if (blank(entry.source())) return required("Source");
        if (blank(entry.detailType())) return required("DetailType");
        if (blank(entry.detail())) return required("Detail");
        if (entry.source().startsWith("aws.")) {
            // only AWS services may put events with an aws. source
            return failure("NotAuthorizedForSourceException", "Not authorized for the source.");
        }
        JsonNode detail;
        try {
            detail = JSON.readTree(entry.detail());
        } catch (Exception e) {
            detail = null;
        }
        if (detail == null || !detail.isObject()) return failure("MalformedDetail", "Detail is malformed.");
        Instant time = entry.time() != null ? entry.time() : ctx.scheduler().now();
        ObjectNode e = ctx.bus().envelope(entry.source(), entry.detailType(), time,
                entry.hasResources() ? entry.resources() : List.of(), (ObjectNode) detail);
        ctx.bus().publish(e);
        return PutEventsResultEntry.builder().eventId(e.get("id").asText()).build();
    }

    private void deliver(ObjectNode event, List<EventRule> matched) {
        String json = null;
        for (EventRule rule : matched) {
            for (Target t : rule.targets.values()) {
                if (!t.arn().startsWith("arn:aws:sqs:")) continue; // other target kinds are not modelled
                String body;
                if (t.input() != null) {
                    body = t.input();
                } else if (t.inputPath() != null) {
                    JsonPointer p = InputPaths.pointer(t.inputPath());
                    JsonNode selected = event.at(p);
                    if (selected.isMissingNode()) continue;
                    body = selected.toString();
                } else {
                    if (json == null) json = event.toString();
                    body = json;
                }
                boolean delivered = sqs.deliver(t.arn(), body);
                if (ctx.timeline().recording()) {
                    ctx.log("events.delivery", rule.name, (delivered ? "-> " : "failed, no queue ") + t.arn());
                }
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isEmpty();
    }

    private static PutEventsResultEntry required(String member) {
        return failure("InvalidArgument", "Parameter " + member + " is not valid. Reason: " + member
                + " is a required argument.");
    }

    private static PutEventsResultEntry failure(String code, String message) {
        return PutEventsResultEntry.builder().errorCode(code).errorMessage(message).build();
    }
}

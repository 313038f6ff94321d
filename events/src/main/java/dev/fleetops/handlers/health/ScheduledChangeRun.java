package dev.fleetops.handlers.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.events.spi.RunbookParameter;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.AwsErrors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One scheduled change handled: checked to be an EC2 scheduled change of a wanted type, then each affected
 * instance in turn (one at a time, so that a change naming several instances of a group never takes more than one
 * out of it at once) replaced ({@link Replacement}) or given to the runbook. The start time is the deadline: what
 * ends after it is a deadline note.
 */
final class ScheduledChangeRun {

    static final String CATEGORY = "scheduledChange";

    private final ScheduledChangeSettings settings;
    private final Event event;
    private final HandlerContext ctx;
    private final Recorder rec;
    private Optional<Instant> start = Optional.empty();

    ScheduledChangeRun(ScheduledChangeSettings settings, Event event, HandlerContext ctx) {
        this.settings = settings;
        this.event = event;
        this.ctx = ctx;
        this.rec = ctx.recorder();
    }

    CompletableFuture<HandlerRecord> run() {
        String service = event.detailText("service").orElse("");
        String category = event.detailText("eventTypeCategory").orElse("");
        String type = event.detailText("eventTypeCode").orElse("");
        if (!Event.HEALTH.equals(event.detailType()) || !service.equals("EC2") || !category.equals(CATEGORY)) {
            rec.note("not an EC2 scheduled change (detail-type '" + event.detailType() + "', service '" + service
                    + "', eventTypeCategory '" + category + "'): nothing to do");
            return done(Status.Success);
        }
        rec.output("EventTypeCode", type);
        if (!settings.eventTypes().isEmpty() && !settings.eventTypes().contains(type)) {
            rec.note(type + " is not one of the event types handled here (" + settings.eventTypes() + "): nothing to do");
            return done(Status.Success);
        }
        List<String> instances = affectedInstances();
        if (instances.isEmpty()) return CompletableFuture.completedFuture(rec.failed("the event names no instance in detail.affectedEntities"));
        rec.output("InstanceIds", String.join(",", instances));
        start = event.scheduledStart();
        if (start.isEmpty()) {
            rec.note("detail.startTime '" + event.detailText("startTime").orElse("") + "' is not an RFC 1123 or "
                    + "ISO-8601 time: acting now, without a deadline");
        } else {
            rec.output("ScheduledStart", start.get().toString());
            if (!rec.now().isBefore(start.get())) {
                rec.deadlineNote("received at " + rec.now() + ", after the scheduled start " + start.get());
            }
        }
        List<String> failures = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < instances.size(); i++) {
            String id = instances.get(i);
            int n = i + 1;
            chain = chain.thenCompose(v -> one(id, n).handle((failure, e) -> {
                if (e != null) failures.add(id + ": " + AwsErrors.message(e));
                else failure.ifPresent(f -> failures.add(id + ": " + f));
                return null;
            }));
        }
        return chain.thenApply(v -> {
            start.filter(s -> rec.now().isAfter(s)).ifPresent(s ->
                    rec.deadlineNote("finished at " + rec.now() + ", after the scheduled start " + s));
            return failures.isEmpty() ? rec.finish(Status.Success) : rec.failed(String.join("; ", failures));
        });
    }

    /** @return why this instance's work failed, or empty */
    private CompletableFuture<Optional<String>> one(String instanceId, int n) {
        if (settings.runbook().isPresent()) return runbook(instanceId, n);
        return new Replacement(settings, ctx, instanceId, start).run();
    }

    private CompletableFuture<Optional<String>> runbook(String instanceId, int n) {
        String doc = settings.runbook().get();
        Map<String, List<String>> params = new LinkedHashMap<>();
        Optional<String> unresolved = RunbookParameter.resolve(settings.runbookParameters(), event.envelopeJson(), params);
        if (unresolved.isPresent()) return CompletableFuture.completedFuture(unresolved);
        params.put(settings.instanceParameter(), List.of(instanceId));
        Instant began = rec.now();
        return ctx.runbook(n, doc, params).toCompletableFuture().handle((ExecutionRecord x, Throwable e) -> {
            if (e != null) return Optional.of("runbook " + doc + " could not start: " + AwsErrors.message(e));
            rec.runbook(x);
            rec.step("runbook " + instanceId, ScheduledChangeHandler.NAME, x.status(), began, Map.of(), x.failureMessage());
            return x.status() == Status.Success ? Optional.<String>empty()
                    : Optional.of("runbook " + doc + " ended " + x.status() + x.failureMessage().map(m -> ": " + m).orElse(""));
        });
    }

    /** Every instance id the change names (one event can name several; NTH handles each). */
    private List<String> affectedInstances() {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode e : event.detail().path("affectedEntities")) {
            String v = e.path("entityValue").asText("");
            if (v.startsWith("i-")) ids.add(v);
        }
        return List.copyOf(ids);
    }

    private CompletableFuture<HandlerRecord> done(Status status) {
        return CompletableFuture.completedFuture(rec.finish(status));
    }
}

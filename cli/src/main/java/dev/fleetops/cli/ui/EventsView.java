package dev.fleetops.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.IntakeEvent;
import dev.fleetops.events.spi.Event;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.engine.RunbookEvent;
import dev.fleetops.time.Scheduler;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The intake's stream (the last {@link #KEPT} facts: events accepted, rules matched, outcomes, duplicates absorbed,
 * dead letters, with counts since start) and, from it and the engine's calls, who took an instance out of
 * rotation, since when, and by when it must be done (the event's deadline: the Spot notice's two minutes, an AWS
 * Health scheduled change's start, a handler's own deadline such as a lifecycle hook's timeout).
 */
final class EventsView {

    static final int KEPT = 500;

    /** Calls that take an instance out of rotation (or out of the fleet). */
    private static final Set<String> TAKE_OUT = Set.of("DeregisterTargets", "EnterStandby", "DetachInstances",
            "RebootInstances", "StopInstances", "TerminateInstances", "TerminateInstanceInAutoScalingGroup",
            "SetInstanceHealth");
    private static final Pattern INSTANCE = Pattern.compile("\\bi-[0-9a-f]{8,17}\\b");

    private final Live live;
    private final Scheduler scheduler;
    private final Deque<ObjectNode> recent = new ArrayDeque<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, Event> byId = new LinkedHashMap<>();
    private final Map<String, ObjectNode> takenOut = new LinkedHashMap<>();

    EventsView(Live live, Scheduler scheduler) {
        this.live = live;
        this.scheduler = scheduler;
        for (String c : new String[] {"Received", "Accepted", "Rejected", "Matched", "Handled", "Failed",
                "DuplicatesAbsorbed", "DeadLettered"}) counts.put(c, 0L);
        live.register("events", this::json);
    }

    synchronized void accept(IntakeEvent e) {
        if (e instanceof IntakeEvent.Received) {
            count("Received");
        } else if (e instanceof IntakeEvent.Rejected r) {
            add(r.at(), "Rejected", "Rejected").put("Source", r.source()).put("Reason", r.reason());
        } else if (e instanceof IntakeEvent.Accepted a) {
            count("Accepted");
            remember(a.event());
            event(add(a.at(), "Accepted", null).put("Source", a.source()), a.event());
        } else if (e instanceof IntakeEvent.Matched m) {
            if (m.rules().isEmpty()) return; // every accepted event is matched against the rules: only a match is news
            ArrayNode rules = event(add(m.at(), "Matched", "Matched"), m.event()).putArray("Rules");
            m.rules().forEach(rules::add);
        } else if (e instanceof IntakeEvent.Handled h) {
            handled(h);
        } else if (e instanceof IntakeEvent.HandlerEffect x) {
            Event ev = byId.get(x.eventId());
            take(x.effect().instanceId(), "handler", x.rule(), x.handler(), x.executionId(), x.effect().action(), x.at(),
                    ev == null ? Optional.empty() : ev.deadline().map(d -> deadline(ev, d)));
        } else if (e instanceof IntakeEvent.DuplicateAbsorbed d) {
            add(d.at(), "DuplicateAbsorbed", "DuplicatesAbsorbed").put("Rule", d.rule()).put("EventId", d.eventId())
                    .put("Note", d.note());
        } else if (e instanceof IntakeEvent.DeadLettered d) {
            if (d.first()) add(d.at(), "DeadLettered", "DeadLettered").put("MessageId", d.messageId())
                    .put("Reason", d.reason()).put("Route", d.route().name()).put("Receive", d.receive());
        } else {
            return;
        }
        live.dirty("events");
        live.dirty("fleet");
    }

    private void handled(IntakeEvent.Handled h) {
        boolean ok = h.record().status() == dev.fleetops.execution.Status.Success;
        ObjectNode o = add(h.at(), "Handled", ok ? "Handled" : "Failed").put("Rule", h.rule())
                .put("Handler", h.record().handler()).put("EventId", h.record().eventId())
                .put("Outcome", h.record().status().name()).put("DurationMillis", h.duration().toMillis());
        h.executionId().ifPresent(x -> o.put("ExecutionId", x));
        h.record().failureMessage().ifPresent(m -> o.put("FailureMessage", m));
        for (StepRecord.ApiCall c : h.record().apiCalls()) {
            if (!TAKE_OUT.contains(c.operation()) || c.errorCode().isPresent()) continue;
            for (String id : instances(c.parameters().values().toString())) {
                take(id, "handler", h.rule(), h.record().handler(), h.executionId(), c.operation(), c.time(),
                        h.record().deadline().map(d -> deadline(byId.get(h.record().eventId()), d)));
            }
        }
    }

    /** A runbook's call that takes an instance out of rotation. */
    synchronized void apiCalled(RunbookEvent.ApiCalled c, java.util.function.Function<String, String> stepInputs) {
        if (!TAKE_OUT.contains(c.call().operation()) || c.call().errorCode().isPresent()) return;
        // key parameters hold scalars only: DeregisterTargets' Targets [{Id}] is read from the step's inputs
        java.util.List<String> ids = instances(c.call().parameters().values().toString());
        if (ids.isEmpty()) ids = instances(stepInputs.apply(c.stepName()));
        for (String id : ids) {
            take(id, "execution", null, null, Optional.of(c.executionId()), c.call().operation(), c.call().time(), Optional.empty());
            takenOut.get(id).with("TakenOutBy").put("StepName", c.stepName());
        }
        live.dirty("fleet");
    }

    /** Who took {@code instanceId} out, last: {@code TakenOutBy}, {@code Since}, {@code Deadline} when known. */
    synchronized Optional<ObjectNode> takenOut(String instanceId) {
        return Optional.ofNullable(takenOut.get(instanceId)).map(ObjectNode::deepCopy);
    }

    synchronized JsonNode json() {
        ObjectNode doc = Json.object();
        ObjectNode c = doc.putObject("Counts");
        counts.forEach(c::put);
        ArrayNode list = doc.putArray("Events");
        for (Iterator<ObjectNode> i = recent.descendingIterator(); i.hasNext(); ) list.add(i.next());
        return doc;
    }

    private void take(String instanceId, String kind, String rule, String handler, Optional<String> executionId,
                      String action, Instant since, Optional<ObjectNode> deadline) {
        ObjectNode o = Json.object();
        ObjectNode by = o.putObject("TakenOutBy").put("Kind", kind).put("Action", action);
        if (rule != null) by.put("Rule", rule);
        if (handler != null) by.put("Handler", handler);
        executionId.ifPresent(x -> by.put("ExecutionId", x));
        ObjectNode before = takenOut.get(instanceId);
        // the first call of a run that took it out says since when; later calls of the same run keep it
        boolean sameRun = before != null && before.path("TakenOutBy").path("ExecutionId").asText("")
                .equals(executionId.orElse("")) && before.path("TakenOutBy").path("Rule").asText("").equals(rule == null ? "" : rule);
        o.put("Since", (sameRun ? Instant.parse(before.path("Since").asText()) : since).toString());
        if (deadline.isPresent()) o.set("Deadline", deadline.get());
        else if (sameRun && before.has("Deadline")) o.set("Deadline", before.get("Deadline"));
        takenOut.put(instanceId, o);
    }

    private static ObjectNode deadline(Event event, Instant at) {
        String kind = event == null ? "handler deadline"
                : Event.SPOT_WARNING.equals(event.detailType()) ? "Spot interruption notice"
                : Event.HEALTH.equals(event.detailType()) ? "scheduled change"
                : Event.TERMINATE_ACTION.equals(event.detailType()) || Event.LAUNCH_ACTION.equals(event.detailType())
                ? "lifecycle hook timeout" : "handler deadline";
        return Json.object().put("Kind", kind).put("At", at.toString());
    }

    private void remember(Event e) {
        byId.put(e.id(), e);
        if (byId.size() > KEPT) byId.remove(byId.keySet().iterator().next());
    }

    private static ObjectNode event(ObjectNode o, Event e) {
        o.put("EventId", e.id()).put("DetailType", e.detailType()).put("Source", e.source());
        e.instanceId().ifPresent(i -> o.put("InstanceId", i));
        return o;
    }

    private ObjectNode add(Instant at, String type, String counter) {
        if (counter != null) count(counter);
        ObjectNode o = Json.object().put("Time", at.toString()).put("Type", type);
        recent.addLast(o);
        if (recent.size() > KEPT) recent.removeFirst();
        return o;
    }

    private void count(String counter) {
        counts.merge(counter, 1L, Long::sum);
    }

    private static java.util.List<String> instances(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = INSTANCE.matcher(text);
        while (m.find()) if (!out.contains(m.group())) out.add(m.group());
        return out;
    }
}

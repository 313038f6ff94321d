package dev.fleetops.cli.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;

import java.io.PrintWriter;
import java.util.Locale;

/** Prints what became of each event: the rules matched and the handler records (text or JSON). */
final class EventReport {

    private EventReport() { }

    static ObjectNode json(String origin, MessageFate o) {
        ObjectNode n = Json.object();
        n.put("Origin", origin);
        n.put("Outcome", o.getClass().getSimpleName());
        n.put("Disposition", o.disposition().name());
        if (o instanceof MessageFate.Handled h) {
            event(n, h.event());
            ArrayNode rules = n.putArray("Rules");
            h.records().forEach(r -> rules.add(r.rule()));
            n.set("Records", Json.tree(h.records()));
        } else if (o instanceof MessageFate.Unmatched u) {
            event(n, u.event());
            n.putArray("Rules");
        } else if (o instanceof MessageFate.Acknowledged a) {
            n.put("Reason", a.reason());
        } else if (o instanceof MessageFate.Rejected r) {
            n.put("Reason", r.reason());
        }
        return n;
    }

    private static void event(ObjectNode n, Event e) {
        ObjectNode ev = n.putObject("Event");
        ev.put("id", e.id());
        ev.put("detail-type", e.detailType());
        ev.put("source", e.source());
        e.instanceId().ifPresent(i -> ev.put("instance-id", i));
        ev.put("time", e.timeOrReceived().toString());
        ArrayNode notes = ev.putArray("notes");
        e.notes().forEach(notes::add);
    }

    static void text(String origin, MessageFate o, PrintWriter out) {
        if (o instanceof MessageFate.Handled h) {
                header(origin, h.event(), out);
                for (HandlerRecord r : h.records()) {
                    out.printf(Locale.ROOT, "  rule %s -> %s: %s in %d ms%s%n", r.rule(), r.handler(), r.status(), r.durationMillis(),
                            r.failureMessage().map(m -> " (" + m + ")").orElse(""));
                    for (StepRecord.ApiCall c : r.apiCalls()) {
                        out.printf(Locale.ROOT, "    %s %s:%s %s%s%n", c.time(), c.service(), c.operation(), c.parameters(),
                                c.errorCode().map(e -> " -> " + e).orElse(""));
                    }
                    r.steps().forEach(s -> out.printf(Locale.ROOT, "    step %s %s %s%n", s.stepName(), s.status(),
                            s.start().flatMap(st -> s.end().map(en -> java.time.Duration.between(st, en).toMillis() + " ms")).orElse("")));
                    r.notes().stream().filter(nt -> !nt.startsWith("event: ")).forEach(nt -> out.println("    note: " + nt));
                    r.deadline().ifPresent(d -> out.println("    deadline: " + d));
                    r.deadlineNotes().forEach(nt -> out.println("    deadline note: " + nt));
                }
        } else if (o instanceof MessageFate.Unmatched u) {
            header(origin, u.event(), out);
            out.println("  no rule matched");
        } else if (o instanceof MessageFate.Acknowledged a) {
            out.printf(Locale.ROOT, "%s: acknowledged and dropped: %s%n", origin, a.reason());
        } else if (o instanceof MessageFate.Rejected r) {
            out.printf(Locale.ROOT, "%s: rejected: %s%n", origin, r.reason());
        }
    }

    private static void header(String origin, Event e, PrintWriter out) {
        out.printf(Locale.ROOT, "%s: %s %s (id %s)%n", origin, e.detailType(), e.instanceId().orElse(""), e.id());
        e.notes().forEach(n -> out.println("  event note: " + n));
    }
}

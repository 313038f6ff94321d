package dev.fleetops.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.report.Charts;
import dev.fleetops.cli.report.HtmlPage;
import dev.fleetops.cli.report.RunReport;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTML report of {@code events handle|replay --report}: per event what it was and what became of it, and per
 * handler its record as a run (steps by status over time, timings), its API calls with their absolute times and
 * its notes.
 */
final class EventPage {

    private EventPage() { }

    static HtmlPage of(String title, List<Map.Entry<String, MessageFate>> results) {
        HtmlPage page = new HtmlPage(title);
        page.table(new String[]{"event", "outcome", "disposition", "rules", "handlers"}, results.stream().map(r ->
                new String[]{r.getKey(), r.getValue().getClass().getSimpleName(), r.getValue().disposition().name(),
                        r.getValue() instanceof MessageFate.Handled h
                                ? String.join(", ", h.records().stream().map(HandlerRecord::rule).toList()) : "",
                        r.getValue() instanceof MessageFate.Handled h
                                ? String.join(", ", h.records().stream().map(x -> x.handler() + ": " + x.status()).toList())
                                : ""}).toList());
        int n = 0;
        for (var r : results) event(page, r.getKey(), r.getValue(), "event" + (n++));
        return page;
    }

    private static void event(HtmlPage page, String origin, MessageFate fate, String id) {
        Event e = fate instanceof MessageFate.Handled h ? h.event() : fate instanceof MessageFate.Unmatched u ? u.event() : null;
        page.heading(origin + (e != null ? ": " + e.detailType() : "") + " - " + fate.getClass().getSimpleName());
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[]{"origin", origin});
        facts.add(new String[]{"outcome", fate.getClass().getSimpleName() + " (" + fate.disposition().name() + ")"});
        if (e != null) {
            facts.add(new String[]{"event id", e.id()});
            facts.add(new String[]{"detail-type", e.detailType()});
            facts.add(new String[]{"source", e.source()});
            facts.add(new String[]{"instance", e.instanceId().orElse("")});
            facts.add(new String[]{"time (UTC)", Charts.utc(e.timeOrReceived())});
        }
        if (fate instanceof MessageFate.Acknowledged a) facts.add(new String[]{"reason", a.reason()});
        if (fate instanceof MessageFate.Rejected r) facts.add(new String[]{"reason", r.reason()});
        page.facts(id + "-facts", facts);
        if (!(fate instanceof MessageFate.Handled h)) return;
        int n = 0;
        for (HandlerRecord r : h.records()) {
            String rid = id + "-h" + (n++);
            RunReport.section(page, RunReport.Run.of("rule " + r.rule(), record(r)), rid);
            if (!r.apiCalls().isEmpty()) {
                page.paragraph("API calls of " + r.handler());
                page.table(new String[]{"time (UTC)", "service", "operation", "parameters", "error"},
                        r.apiCalls().stream().map(c -> new String[]{Charts.utc(c.time()), c.service(), c.operation(),
                                c.parameters().toString(), c.errorCode().orElse("")}).toList());
            }
            List<String> notes = new ArrayList<>(r.notes());
            r.deadline().ifPresent(d -> notes.add("deadline: " + Charts.utc(d)));
            notes.addAll(r.deadlineNotes());
            for (String note : notes) page.paragraph("note: " + note);
        }
    }

    /** A handler's record as an execution: its handler as the document, its steps, outputs and failure. */
    static ExecutionRecord record(HandlerRecord r) {
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        r.outputs().forEach((k, v) -> outputs.put(k, Json.tree(v)));
        List<StepRecord> steps = r.steps();
        return new ExecutionRecord(r.eventId() + "/" + r.rule(), "handler", r.handler(), r.status(), Optional.of(r.start()),
                Optional.of(r.end()), Map.of(), outputs, r.failureMessage(), steps, Optional.empty());
    }
}

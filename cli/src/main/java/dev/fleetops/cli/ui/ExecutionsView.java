package dev.fleetops.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cli.report.Charts;
import dev.fleetops.cli.report.AutomationExecutionJson;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.action.control.Signal;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.time.Scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executions as SSM answers for them: the list as DescribeAutomationExecutions'
 * {@code AutomationExecutionMetadataList}, one execution as GetAutomationExecution (the same JSON as
 * {@code run -o json}) with what the page adds under {@code Fleetops}: the step timeline (the HTML report's
 * chart), child executions, the approvals waiting. Records come from the execution store; an ended record does not
 * change, so it is read once.
 */
final class ExecutionsView {

    /** Recent (ended) executions in the live list; running ones are all listed. */
    static final int RECENT = 50;

    private final ExecutionStore store;
    private final Live live;
    private final Scheduler scheduler;
    private final Map<String, ExecutionRecord> ended = new ConcurrentHashMap<>();

    ExecutionsView(ExecutionStore store, Live live, Scheduler scheduler) {
        this.store = store;
        this.live = live;
        this.scheduler = scheduler;
        live.register("executions", () -> list(Map.of()));
    }

    void changed() {
        live.dirty("executions");
    }

    /**
     * DescribeAutomationExecutions: filters {@code ExecutionStatus} and {@code DocumentNamePrefix} (its
     * Filters' keys), {@code MaxResults} (default: every running one and the {@link #RECENT} latest ended).
     */
    JsonNode list(Map<String, String> query) {
        Optional<String> status = Optional.ofNullable(query.get("ExecutionStatus"));
        Optional<String> prefix = Optional.ofNullable(query.get("DocumentNamePrefix"));
        Optional<Integer> max = Optional.ofNullable(query.get("MaxResults")).map(ExecutionsView::maxResults);
        List<ExecutionRecord> records = new ArrayList<>();
        for (String id : store.ids()) load(id).ifPresent(records::add);
        records.sort(Comparator.comparing((ExecutionRecord r) -> r.start().orElse(Instant.EPOCH)).reversed());
        ObjectNode doc = Json.object();
        ArrayNode list = doc.putArray("AutomationExecutionMetadataList");
        int endedShown = 0;
        int shown = 0;
        long running = 0;
        for (ExecutionRecord r : records) {
            if (!r.status().terminal()) running++;
            if (status.isPresent() && !r.status().name().equalsIgnoreCase(status.get())) continue;
            if (prefix.isPresent() && !r.documentName().startsWith(prefix.get())) continue;
            if (max.isPresent() ? shown >= max.get() : r.status().terminal() && endedShown >= RECENT) continue;
            if (r.status().terminal()) endedShown++;
            shown++;
            list.add(metadata(r));
        }
        doc.putObject("Fleetops").put("Total", records.size()).put("Running", running).put("Listed", shown);
        return doc;
    }

    private static int maxResults(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.validation("MaxResults must be a whole number >= 1, got '" + text + "'");
    }

    /** GetAutomationExecution of {@code id}, with the page's additions; empty when the store has no such execution. */
    Optional<JsonNode> one(String id) {
        return load(id).map(r -> {
            ObjectNode doc = AutomationExecutionJson.of(r);
            ObjectNode f = doc.has("Fleetops") ? (ObjectNode) doc.get("Fleetops") : doc.putObject("Fleetops");
            f.put("TimelineSvg", Charts.stepTimeline("steps", r, scheduler.now()));
            ArrayNode waiting = f.putArray("ApprovalsWaiting");
            ArrayNode children = f.putArray("ChildExecutions");
            for (StepRecord s : r.steps()) {
                if (s.status() == Status.Waiting && "aws:approve".equals(s.action())) {
                    waiting.addObject().put("StepName", s.stepName()).set("Inputs", Json.tree(s.inputs()));
                }
                for (ExecutionRecord c : s.children()) children.add(metadata(c).put("StepName", s.stepName()));
            }
            return doc;
        });
    }

    /**
     * Leaves an Approve or Reject for {@code id} in the store, as {@code fleetops resume} does (SSM
     * SendAutomationSignal). A mistake is an {@link ApiError}: an unknown SignalType (400), an unknown execution
     * (404), one that ended or waits for nothing (409).
     */
    void signal(String id, String type, String by, Optional<String> comment) {
        Signal.Type t = switch (type) {
            case "Approve" -> Signal.Type.Approve;
            case "Reject" -> Signal.Type.Reject;
            default -> throw ApiError.invalidSignal("SignalType must be Approve or Reject, got '" + type + "'");
        };
        ExecutionRecord r = load(id).orElseThrow(() -> ApiError.noExecution(id));
        if (r.status().terminal()) throw ApiError.signalDoesNotApply("execution " + id + " already ended " + r.status());
        if (r.steps().stream().noneMatch(s -> s.status() == Status.Waiting)) {
            throw ApiError.signalDoesNotApply("execution " + id + " is " + r.status() + ", not waiting for a signal");
        }
        store.signal(id, new Signal(t, Optional.empty(), by, comment, scheduler.now()));
        changed();
    }

    /** The inputs of step {@code step} of execution {@code id} as JSON text ("" when unknown). */
    String inputs(String id, String step) {
        return store.load(id).flatMap(r -> r.steps().stream().filter(s -> s.stepName().equals(step)).reduce((a, b) -> b))
                .map(s -> Json.compact(Json.tree(s.inputs()))).orElse("");
    }

    private Optional<ExecutionRecord> load(String id) {
        ExecutionRecord cached = ended.get(id);
        if (cached != null) return Optional.of(cached);
        Optional<ExecutionRecord> r = store.load(id);
        r.filter(x -> x.status().terminal()).ifPresent(x -> ended.put(id, x));
        return r;
    }

    private static ObjectNode metadata(ExecutionRecord r) {
        ObjectNode o = Json.object().put("AutomationExecutionId", r.id()).put("DocumentName", r.documentName())
                .put("AutomationExecutionStatus", r.status().name()).put("Mode", "Auto");
        r.start().ifPresent(t -> o.put("ExecutionStartTime", t.toString()));
        r.end().ifPresent(t -> o.put("ExecutionEndTime", t.toString()));
        r.steps().stream().filter(s -> !s.status().terminal() && s.start().isPresent()).reduce((a, b) -> b)
                .ifPresent(s -> o.put("CurrentStepName", s.stepName()).put("CurrentAction", s.action()));
        r.failureMessage().ifPresent(m -> o.put("FailureMessage", m));
        o.put("Kind", r.kind().toLowerCase(Locale.ROOT));
        return o;
    }
}

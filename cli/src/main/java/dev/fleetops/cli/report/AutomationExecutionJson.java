package dev.fleetops.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cloud.api.Operation;
import dev.fleetops.cloud.api.RequestMapper;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run -o json} (and {@code resume -o json}) as SSM GetAutomationExecution answers:
 * {@code {"AutomationExecution": {...}}} with the API's members only, list-valued Outputs
 * ({@code "Outputs": {"step.Name": ["v"]}}), Inputs as the API gives them (each value JSON-encoded in a string), and
 * every timestamp with millisecond precision. The object is read back through the SDK's own model
 * (GetAutomationExecutionResponse's SdkFields, {@link RequestMapper#response}) before it is printed, so a member
 * name or type the API does not have is a bug that fails at once, never a silent difference.
 *
 * <p>What fleetops knows beyond the API (the record's kind, notes, traffic, each step's attempt, API calls, notes
 * and child executions) is beside it under {@code "Fleetops"}, so {@code --query AutomationExecution...} reads
 * exactly as with the AWS CLI.
 */
public final class AutomationExecutionJson {

    /** One precision for every time: 2026-01-05T09:00:55.000Z (Instant.toString drops zero fractions). */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final Operation GET = ApiCatalog.standard().operation("ssm", "GetAutomationExecution");

    private AutomationExecutionJson() { }

    static String time(Instant t) {
        return TIME.format(t);
    }

    /** The response document of {@code r}. */
    public static ObjectNode of(ExecutionRecord r) {
        ObjectNode response = Json.object();
        response.set("AutomationExecution", execution(r));
        RequestMapper.response(GET, response); // the SDK model's member names and types, or an ApiModelException
        ObjectNode extras = extras(r);
        if (!extras.isEmpty()) response.set("Fleetops", extras);
        return response;
    }

    private static ObjectNode execution(ExecutionRecord r) {
        ObjectNode e = Json.object();
        e.put("AutomationExecutionId", r.id());
        e.put("DocumentName", r.documentName());
        r.start().ifPresent(t -> e.put("ExecutionStartTime", time(t)));
        r.end().ifPresent(t -> e.put("ExecutionEndTime", time(t)));
        e.put("AutomationExecutionStatus", r.status().name());
        ArrayNode steps = e.putArray("StepExecutions");
        r.steps().forEach(s -> steps.add(step(s)));
        e.put("StepExecutionsTruncated", false);
        e.set("Parameters", Json.tree(r.parameters()));
        e.set("Outputs", lists(r.outputs()));
        r.failureMessage().ifPresent(m -> e.put("FailureMessage", m));
        e.put("Mode", "Auto");
        return e;
    }

    private static ObjectNode step(StepRecord s) {
        ObjectNode o = Json.object();
        o.put("StepName", s.stepName());
        o.put("Action", s.action());
        s.start().ifPresent(t -> o.put("ExecutionStartTime", time(t)));
        s.end().ifPresent(t -> o.put("ExecutionEndTime", time(t)));
        o.put("StepStatus", s.status().name());
        ObjectNode inputs = o.putObject("Inputs");
        s.inputs().forEach((k, v) -> inputs.put(k, Json.compact(v))); // SSM: each input's value as JSON text
        o.set("Outputs", lists(s.outputs()));
        s.failureMessage().ifPresent(m -> o.put("FailureMessage", m));
        s.failureType().ifPresent(t -> o.putObject("FailureDetails").put("FailureType", t));
        return o;
    }

    /** SSM's outputs are lists of strings: an array gives its items, anything else one item; JSON stays JSON text. */
    static ObjectNode lists(Map<String, JsonNode> outputs) {
        ObjectNode o = Json.object();
        outputs.forEach((k, v) -> {
            ArrayNode a = o.putArray(k);
            if (v.isArray()) v.forEach(i -> a.add(text(i)));
            else if (!v.isNull() && !v.isMissingNode()) a.add(text(v));
        });
        return o;
    }

    private static String text(JsonNode v) {
        return v.isValueNode() ? v.asText() : Json.compact(v);
    }

    private static ObjectNode extras(ExecutionRecord r) {
        ObjectNode x = Json.object();
        if (!"runbook".equals(r.kind())) x.put("Kind", r.kind());
        if (!r.notes().isEmpty()) x.set("Notes", Json.tree(r.notes()));
        r.traffic().ifPresent(t -> x.set("Traffic", Json.tree(t)));
        ArrayNode steps = Json.MAPPER.createArrayNode();
        for (StepRecord s : r.steps()) {
            ObjectNode o = Json.object();
            if (s.attempt() > 1) o.put("Attempt", s.attempt());
            if (!s.apiCalls().isEmpty()) {
                ArrayNode calls = o.putArray("ApiCalls");
                for (StepRecord.ApiCall c : s.apiCalls()) {
                    ObjectNode call = calls.addObject().put("Service", c.service()).put("Operation", c.operation());
                    call.set("Parameters", Json.tree(c.parameters()));
                    call.put("Time", time(c.time()));
                    c.errorCode().ifPresent(code -> call.put("ErrorCode", code));
                }
            }
            if (!s.notes().isEmpty()) o.set("Notes", Json.tree(s.notes()));
            if (!s.children().isEmpty()) {
                ArrayNode children = o.putArray("ChildExecutions");
                s.children().forEach(c -> children.add(of(c)));
            }
            if (!o.isEmpty()) steps.add(Json.object().put("StepName", s.stepName()).setAll(o));
        }
        if (!steps.isEmpty()) x.set("StepExecutions", steps);
        return x;
    }

    /** As {@link #of}, with more of fleetops' own beside it (resume's signal). */
    public static ObjectNode of(ExecutionRecord r, String extraName, JsonNode extra) {
        ObjectNode o = of(r);
        ObjectNode x = o.has("Fleetops") ? (ObjectNode) o.get("Fleetops") : o.putObject("Fleetops");
        x.set(extraName, extra);
        return o;
    }
}

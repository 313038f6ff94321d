package dev.fleetops.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every run in fleetops (a runbook, a handled event, a wait, an apply) is an execution with a record: an id, a
 * status, timestamps, steps and outputs. Member names follow SSM GetAutomationExecution where they exist, so
 * `-o json` reads like the AWS API.
 *
 * @param kind     runbook, event, wait, apply
 * @param traffic  request outcomes through the ALBs while it ran (simulator, with --traffic)
 * @param notes    what a reader should know about the whole run (e.g. validation warnings of the document)
 */
public record ExecutionRecord(
        @JsonProperty("AutomationExecutionId") String id,
        @JsonProperty("Kind") String kind,
        @JsonProperty("DocumentName") String documentName,
        @JsonProperty("AutomationExecutionStatus") Status status,
        @JsonProperty("ExecutionStartTime") Optional<Instant> start,
        @JsonProperty("ExecutionEndTime") Optional<Instant> end,
        @JsonProperty("Parameters") Map<String, List<String>> parameters,
        @JsonProperty("Outputs") Map<String, JsonNode> outputs,
        @JsonProperty("FailureMessage") Optional<String> failureMessage,
        @JsonProperty("StepExecutions") List<StepRecord> steps,
        @JsonProperty("Traffic") Optional<Traffic> traffic,
        @JsonProperty("Notes") List<String> notes) {

    public ExecutionRecord {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A record without notes (the shape before notes were added; kept so existing callers compile). */
    public ExecutionRecord(String id, String kind, String documentName, Status status, Optional<Instant> start,
                           Optional<Instant> end, Map<String, List<String>> parameters, Map<String, JsonNode> outputs,
                           Optional<String> failureMessage, List<StepRecord> steps, Optional<Traffic> traffic) {
        this(id, kind, documentName, status, start, end, parameters, outputs, failureMessage, steps, traffic, List.of());
    }

    public record Traffic(@JsonProperty("Requests") long requests, @JsonProperty("Responses2xx") long responses2xx,
                          @JsonProperty("Responses5xx") long responses5xx) { }
}

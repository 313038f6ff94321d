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
        @JsonProperty("Traffic") Optional<Traffic> traffic) {

    public record Traffic(@JsonProperty("Requests") long requests, @JsonProperty("Responses2xx") long responses2xx,
                          @JsonProperty("Responses5xx") long responses5xx) { }
}

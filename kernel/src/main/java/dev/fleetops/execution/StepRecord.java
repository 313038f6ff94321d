package dev.fleetops.execution;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step's execution, with SSM GetAutomationExecution's member names (StepExecutions[]).
 *
 * @param outputs  output name -> values (SSM returns lists of strings; we keep JSON values)
 * @param children child executions (aws:executeAutomation, rate-controlled targets, loop iterations)
 * @param notes    what a reader should know (e.g. "deadline: the drain could not finish before the interruption")
 */
public record StepRecord(
        @JsonProperty("StepName") String stepName,
        @JsonProperty("Action") String action,
        @JsonProperty("StepStatus") Status status,
        @JsonProperty("Attempt") int attempt,
        @JsonProperty("Inputs") Map<String, JsonNode> inputs,
        @JsonProperty("Outputs") Map<String, JsonNode> outputs,
        @JsonProperty("FailureMessage") Optional<String> failureMessage,
        @JsonProperty("FailureType") Optional<String> failureType,
        @JsonProperty("ExecutionStartTime") Optional<Instant> start,
        @JsonProperty("ExecutionEndTime") Optional<Instant> end,
        @JsonProperty("ApiCalls") List<ApiCall> apiCalls,
        @JsonProperty("ChildExecutions") List<ExecutionRecord> children,
        @JsonProperty("Notes") List<String> notes) {

    /** An API call a step made, with its key parameters, for records and for `fleetops iam`. */
    public record ApiCall(@JsonProperty("Service") String service, @JsonProperty("Operation") String operation,
                          @JsonProperty("Parameters") Map<String, String> parameters,
                          @JsonProperty("Time") Instant time, @JsonProperty("ErrorCode") Optional<String> errorCode) { }
}

package dev.fleetops.events.spi;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one handler did for one event: status, the API calls made with their key parameters, its steps with
 * timings, and notes (deadline notes among them: what could not be finished before the interruption). Built
 * with a {@link Recorder}.
 *
 * @param deadline     the event's deadline if it has one (Spot: event time + 2 min)
 * @param runbooks     executions started by the handler (runbook handler, lifecycle-hook's optional runbook)
 */
public record HandlerRecord(
        @JsonProperty("Rule") String rule,
        @JsonProperty("Handler") String handler,
        @JsonProperty("EventId") String eventId,
        @JsonProperty("Status") Status status,
        @JsonProperty("Start") Instant start,
        @JsonProperty("End") Instant end,
        @JsonProperty("Deadline") Optional<Instant> deadline,
        @JsonProperty("Steps") List<StepRecord> steps,
        @JsonProperty("ApiCalls") List<StepRecord.ApiCall> apiCalls,
        @JsonProperty("Notes") List<String> notes,
        @JsonProperty("DeadlineNotes") List<String> deadlineNotes,
        @JsonProperty("Runbooks") List<ExecutionRecord> runbooks,
        @JsonProperty("Outputs") Map<String, String> outputs,
        @JsonProperty("FailureMessage") Optional<String> failureMessage) {

    public HandlerRecord {
        steps = List.copyOf(steps);
        apiCalls = List.copyOf(apiCalls);
        notes = List.copyOf(notes);
        deadlineNotes = List.copyOf(deadlineNotes);
        runbooks = List.copyOf(runbooks);
        outputs = Map.copyOf(outputs);
    }

    @JsonProperty("DurationMillis")
    public long durationMillis() {
        return Duration.between(start, end).toMillis();
    }

    /** True when the source may delete the message: the handler finished and did not fail. */
    public boolean done() {
        return status.terminal() && status != Status.Failed && status != Status.Cancelled;
    }

    /** The same record under a rule name (the dispatcher sets it; handlers need not know their rule). */
    public HandlerRecord forRule(String ruleName) {
        return new HandlerRecord(ruleName, handler, eventId, status, start, end, deadline, steps, apiCalls, notes,
                deadlineNotes, runbooks, outputs, failureMessage);
    }
}

package dev.fleetops.windows;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fleetops.execution.ExecutionRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One occurrence of a window, with GetMaintenanceWindowExecution's member names; each task carries the record of
 * what it ran (a rate-controlled parent with its child runs, or the command with one step per invocation).
 */
public record WindowExecution(
        @JsonProperty("WindowId") String windowId,
        @JsonProperty("WindowExecutionId") String windowExecutionId,
        @JsonProperty("Name") String name,
        @JsonProperty("Status") WindowStatus status,
        @JsonProperty("StatusDetails") Optional<String> statusDetails,
        @JsonProperty("ScheduledTime") Instant scheduledTime,
        @JsonProperty("StartTime") Instant startTime,
        @JsonProperty("EndTime") Optional<Instant> endTime,
        @JsonProperty("CutoffTime") Instant cutoffTime,
        @JsonProperty("Targets") List<String> targets,
        @JsonProperty("Tasks") List<Task> tasks) {

    /** One task's execution (GetMaintenanceWindowExecutionTask). */
    public record Task(
            @JsonProperty("TaskExecutionId") String taskExecutionId,
            @JsonProperty("Name") String name,
            @JsonProperty("TaskArn") String taskArn,
            @JsonProperty("Type") WindowTask.Type type,
            @JsonProperty("Priority") int priority,
            @JsonProperty("MaxConcurrency") String maxConcurrency,
            @JsonProperty("MaxErrors") String maxErrors,
            @JsonProperty("Status") WindowStatus status,
            @JsonProperty("StatusDetails") Optional<String> statusDetails,
            @JsonProperty("StartTime") Optional<Instant> startTime,
            @JsonProperty("EndTime") Optional<Instant> endTime,
            @JsonProperty("Execution") Optional<ExecutionRecord> execution) { }
}

package dev.fleetops.runbook.action.control;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Optional;

/**
 * A decision sent to a waiting execution (SSM SendAutomationSignal): Approve / Reject an aws:approve step,
 * Resume an aws:pause step. Written by another process ({@code fleetops resume EXECUTION --approve}) into the
 * {@link ExecutionStore} and picked up by the waiting run.
 *
 * @param step    the step it is meant for; empty = whichever step is waiting
 * @param by      who decided (an IAM-style name or the local user)
 */
public record Signal(@JsonProperty("SignalType") Type type,
                     @JsonProperty("StepName") Optional<String> step,
                     @JsonProperty("By") String by,
                     @JsonProperty("Comment") Optional<String> comment,
                     @JsonProperty("Time") Instant time) {

    public enum Type { Approve, Reject, Resume }

    public static Signal of(Type type, String by, Instant time) {
        return new Signal(type, Optional.empty(), by, Optional.empty(), time);
    }

    /** Whether this signal may decide the waiting step {@code stepName}. */
    public boolean appliesTo(String stepName) {
        return step.isEmpty() || step.get().equals(stepName);
    }
}

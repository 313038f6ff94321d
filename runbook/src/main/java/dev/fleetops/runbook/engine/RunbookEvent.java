package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.action.control.DecisionRequest;

/**
 * What happens in runbook executions, as it happens, for whoever subscribes to {@link RunbookEngine#events()}: the
 * terminal's live step list, reports, rate-control progress, a dashboard. Published on the scheduler's thread;
 * child executions (aws:executeAutomation) publish on the same publisher with their own ids. Events carry
 * snapshots, so a consumer may keep them.
 */
public sealed interface RunbookEvent {

    /** The execution the event concerns. */
    String executionId();

    record ExecutionStarted(ExecutionRecord record) implements RunbookEvent {
        public String executionId() { return record.id(); }
    }

    /** The execution is terminal; {@code record} is its final record. */
    record ExecutionEnded(ExecutionRecord record) implements RunbookEvent {
        public String executionId() { return record.id(); }
    }

    /** A step started ({@code step.attempt()} 1) or started again for a retry (2, 3...), its inputs known. */
    record StepStarted(String executionId, StepRecord step) implements RunbookEvent { }

    /** A step changed state without ending (Waiting for a decision, back InProgress). */
    record StepChanged(String executionId, StepRecord step) implements RunbookEvent { }

    /** A step ended, with its status, attempt and failure if any. */
    record StepEnded(String executionId, StepRecord step) implements RunbookEvent { }

    /** aws:executeAutomation started a child execution {@code childId} of {@code documentName}. */
    record ChildStarted(String executionId, String stepName, String childId, String documentName) implements RunbookEvent { }

    /** A step waits for people (aws:approve, aws:pause); the run is Waiting until they decide. */
    record ApprovalWaiting(String executionId, DecisionRequest request) implements RunbookEvent { }

    /** A step's API call answered ({@code call.errorCode()} when it failed). */
    record ApiCalled(String executionId, String stepName, int attempt, StepRecord.ApiCall call) implements RunbookEvent { }

    /** What a long step is doing now ("2 of 3 targets healthy"); not recorded. */
    record Progress(String executionId, String stepName, String text) implements RunbookEvent { }
}

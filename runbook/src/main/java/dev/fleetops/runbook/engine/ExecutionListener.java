package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;

/**
 * Live progress of executions, for a terminal step list. Called on the scheduler's thread; keep it quick.
 * Child executions (aws:executeAutomation) report through the same listener with their own ids.
 */
public interface ExecutionListener {

    ExecutionListener NONE = new ExecutionListener() { };

    default void executionStarted(ExecutionRecord record) { }

    default void stepStarted(String executionId, StepRecord step) { }

    /** The step changed state without ending (Waiting for a decision, back InProgress, Cancelling). */
    default void stepChanged(String executionId, StepRecord step) { }

    default void stepEnded(String executionId, StepRecord step) { }

    /** What a long step is doing now ("2 of 3 targets healthy"); not recorded. */
    default void progress(String executionId, String stepName, String text) { }

    default void executionEnded(ExecutionRecord record) { }
}

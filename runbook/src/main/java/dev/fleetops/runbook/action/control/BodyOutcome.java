package dev.fleetops.runbook.action.control;

import dev.fleetops.execution.Status;

/** How one pass over an aws:loop's {@code Steps} ended. */
public sealed interface BodyOutcome {

    /** Every step ran (or one with isEnd ended the body). */
    record Completed() implements BodyOutcome { }

    /** A step jumped to {@code target}, outside the loop (nextStep, onFailure, a branch): the loop is Exited. */
    record Exited(String target) implements BodyOutcome { }

    /** A step failed with onFailure: Abort; the loop fails the same way (Failed or TimedOut). */
    record Failed(Status status, String message) implements BodyOutcome { }

    /** The run was cancelled while the body ran. */
    record Cancelled() implements BodyOutcome { }
}

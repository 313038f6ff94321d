package dev.fleetops.runbook.engine;

import dev.fleetops.execution.Status;

import java.util.Optional;

/** How running a list of steps (mainSteps or a loop body) ended. */
sealed interface Flow {

    /** The last step ran, or a step with isEnd. */
    record Done() implements Flow { }

    /** A step failed with onFailure: Abort ({@code status} Failed or TimedOut). */
    record Abort(Status status, String message) implements Flow { }

    /** A jump to a step outside this list (only from a loop body). */
    record Exit(String target) implements Flow { }

    /** Cancelled; {@code onCancel} is the cancelled step's {@code onCancel: step:X}. */
    record Cancel(Optional<String> onCancel) implements Flow { }

    /** How one step ended, for routing. */
    record StepEnd(Status status, Optional<String> jump, Optional<String> onCancel, String message) { }
}

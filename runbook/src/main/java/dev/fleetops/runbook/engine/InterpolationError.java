package dev.fleetops.runbook.engine;

/** A {@code {{ }}} reference that cannot be resolved when its step runs; it fails the step (InputValidation). */
final class InterpolationError extends RuntimeException {

    public InterpolationError(String message) {
        super(message, null, false, false);
    }
}

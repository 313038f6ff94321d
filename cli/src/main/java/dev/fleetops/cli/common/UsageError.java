package dev.fleetops.cli.common;

/**
 * A mistake in how a command was called that picocli cannot see (an option valid only with the simulator, two
 * options that exclude each other). Answered with its message and exit code 2, never a stack trace.
 */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message, null, false, false);
    }
}

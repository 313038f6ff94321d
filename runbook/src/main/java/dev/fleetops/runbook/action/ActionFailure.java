package dev.fleetops.runbook.action;

/**
 * A step attempt that failed in a way the document can handle (onFailure, maxAttempts), with SSM's failure
 * types: Action, Permission, Throttling, Verification, Internal; and Network, which SSM, running inside AWS, never
 * meets: the endpoint could not be reached (the command then exits 3, the environment's). {@code timedOut} makes
 * the step TimedOut.
 */
public final class ActionFailure extends RuntimeException {

    public enum Type { Action, Permission, Throttling, Verification, Internal, Network }

    private final Type type;
    private final boolean timedOut;

    public ActionFailure(Type type, String message) {
        this(type, message, false);
    }

    public ActionFailure(Type type, String message, boolean timedOut) {
        super(message, null, false, false);
        this.type = type;
        this.timedOut = timedOut;
    }

    public static ActionFailure timedOut(String message) {
        return new ActionFailure(Type.Action, message, true);
    }

    public Type type() {
        return type;
    }

    public boolean timedOut() {
        return timedOut;
    }
}

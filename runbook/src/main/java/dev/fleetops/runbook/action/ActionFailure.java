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

    /**
     * {@code call}'s outcome, or a timed-out failure once {@code limit} passed without one (the per-call limit of
     * aws:executeAwsApi and the other API actions); the call itself is left to finish.
     */
    public static <T> java.util.concurrent.CompletableFuture<T> within(dev.fleetops.time.Scheduler scheduler, java.time.Duration limit,
                                                                       String what, java.util.concurrent.CompletionStage<T> call) {
        var out = new java.util.concurrent.CompletableFuture<T>();
        var timer = scheduler.schedule(limit, () -> out.completeExceptionally(timedOut(
                what + " did not answer within " + limit.toSeconds() + " s (the per-call limit)")));
        call.whenComplete((v, e) -> {
            timer.cancel();
            if (e != null) out.completeExceptionally(e);
            else out.complete(v);
        });
        return out;
    }

    public Type type() {
        return type;
    }

    public boolean timedOut() {
        return timedOut;
    }
}

package dev.fleetops.runbook.action.aws;

import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.Outcome;
import dev.fleetops.waiters.Poll;
import dev.fleetops.waiters.Verdict;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;

/**
 * A wait of an action: {@link Poll} with the context's backoff and random source until the step's deadline,
 * stopped when the execution is cancelled. Poll errors (a project decision, AWS does not say): throttling slows the
 * polling down (Poll itself), transient errors (5xx, network, a call that did not answer) are retried, any
 * other error fails the attempt with its SSM failure type.
 */
final class Waiting<T> {

    private final ActionContext ctx;
    private final String what;
    private ActionFailure failure;

    private Waiting(ActionContext ctx, String what) {
        this.ctx = ctx;
        this.what = what;
    }

    /**
     * Polls until {@code poll} succeeds (the stage completes with its value), fails, or the deadline passes
     * ({@link ActionFailure#timedOut}).
     *
     * @param what what is awaited, for messages ("instances i-1, i-2 to be stopped")
     */
    static <T> CompletionStage<T> until(ActionContext ctx, String what, IntFunction<CompletionStage<Verdict<T>>> poll) {
        return until(ctx, what, ctx.pollBackoff(), poll);
    }

    /** As above, polling on {@code backoff} (a shared read's tick: {@link ActionContext#pollBackoff(String, String)}). */
    static <T> CompletionStage<T> until(ActionContext ctx, String what, Backoff backoff,
                                        IntFunction<CompletionStage<Verdict<T>>> poll) {
        return new Waiting<T>(ctx, what).run(backoff, poll);
    }

    private CompletionStage<T> run(Backoff backoff, IntFunction<CompletionStage<Verdict<T>>> poll) {
        Duration timeout = Duration.between(ctx.scheduler().now(), ctx.deadline());
        if (timeout.isNegative()) timeout = Duration.ZERO;
        Poll<T> p = Poll.start(ctx.scheduler(), backoff, ctx.random(), timeout, n -> guarded(poll, n));
        ctx.cancelled().thenRun(p::cancel);
        return p.outcome().thenApply(this::result);
    }

    private CompletionStage<Verdict<T>> guarded(IntFunction<CompletionStage<Verdict<T>>> poll, int n) {
        CompletionStage<Verdict<T>> stage;
        try {
            stage = poll.apply(n);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((v, e) -> {
            if (e == null) {
                if (v instanceof Verdict.Retry<T> r) ctx.progress(what + ": " + r.why());
                return CompletableFuture.completedFuture(v);
            }
            Throwable t = ApiErrors.unwrap(e);
            if (ApiErrors.throttling(t)) return CompletableFuture.<Verdict<T>>failedFuture(t); // Poll slows down
            if (ApiErrors.transientError(t) || t instanceof ActionFailure f && f.timedOut()) {
                String why = "transient error, retrying: " + ApiErrors.describe(t);
                ctx.progress(what + ": " + why);
                return CompletableFuture.completedFuture(Verdict.<T>retry(why));
            }
            failure = t instanceof ActionFailure f ? f : ApiErrors.failure("while waiting for " + what + ": ", t);
            return CompletableFuture.completedFuture(Verdict.<T>failure(failure.getMessage()));
        }).thenCompose(s -> s);
    }

    private T result(Outcome<T> outcome) {
        if (outcome instanceof Outcome.Succeeded<T> s) return s.value();
        if (outcome instanceof Outcome.TimedOut<T> t) {
            throw ActionFailure.timedOut("timed out after " + seconds(t.elapsed()) + " waiting for " + what
                    + " (" + t.polls() + " polls; last seen: " + t.lastSeen() + ")");
        }
        if (outcome instanceof Outcome.Cancelled<T> c) {
            throw new ActionFailure(ActionFailure.Type.Action, "cancelled while waiting for " + what);
        }
        Outcome.Failed<T> f = (Outcome.Failed<T>) outcome;
        if (failure != null) throw failure;
        throw new ActionFailure(ActionFailure.Type.Action, f.message());
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}

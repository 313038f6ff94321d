package dev.fleetops.journal;

import dev.fleetops.time.Scheduler;

import java.util.concurrent.CompletableFuture;

/** A queued {@link Op} and its outcome, set by the store on the writer thread and delivered after the commit. */
final class Call {

    final Op op;
    final CompletableFuture<Object> result = new CompletableFuture<>();
    private final Scheduler.Hold hold;
    private Object value;
    private RuntimeException error;
    private boolean decided;

    Call(Op op) {
        this(op, Scheduler.Hold.NONE);
    }

    /** {@code hold} keeps virtual time where it is until the outcome has been handed on ({@link #release}). */
    Call(Op op, Scheduler.Hold hold) {
        this.op = op;
        this.hold = hold;
    }

    void succeed(Object v) {
        value = v;
        decided = true;
    }

    void fail(RuntimeException e) {
        error = e;
        decided = true;
    }

    /** A renewal folded into a later one of the same lease ({@link Writer}) has that one's outcome. */
    void takeOutcomeOf(Call later) {
        value = later.value;
        error = later.error;
        decided = true;
    }

    boolean decided() {
        return decided;
    }

    /** A failure of the whole transaction overrides what the call had decided: nothing of it was committed. */
    void failUnlessFailed(RuntimeException e) {
        if (error == null) fail(e);
    }

    void deliver() {
        if (error != null) result.completeExceptionally(error);
        else result.complete(value);
    }

    /** The outcome was handed to the callback executor: the clock may move on. */
    void release() {
        hold.close();
    }
}

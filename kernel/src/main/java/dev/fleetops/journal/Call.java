package dev.fleetops.journal;

import java.util.concurrent.CompletableFuture;

/** A queued {@link Op} and its outcome, set by the store on the writer thread and delivered after the commit. */
final class Call {

    final Op op;
    final CompletableFuture<Object> result = new CompletableFuture<>();
    private Object value;
    private RuntimeException error;
    private boolean decided;

    Call(Op op) {
        this.op = op;
    }

    void succeed(Object v) {
        value = v;
        decided = true;
    }

    void fail(RuntimeException e) {
        error = e;
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
}

package dev.fleetops.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one writer thread of a store: callers enqueue and return at once; the thread takes everything queued (up to
 * {@link #MAX_BATCH}), has the backend commit it as one batch, then hands each outcome to the callback executor.
 * Stages therefore complete after the commit and on the callback executor, never on the caller's thread; a
 * flush alone completes on the writer thread itself, once the callbacks queued before it have been handed over.
 */
final class Writer implements AutoCloseable {

    /** Bounds one transaction (and the memory of one batch); a longer queue is simply several batches. */
    static final int MAX_BATCH = 10_000;

    private static final Call STOP = new Call(new Op.Flush());

    private final LinkedBlockingQueue<Call> queue = new LinkedBlockingQueue<>();
    private final Backend backend;
    private final Executor callbacks;
    private final Thread thread;
    private volatile boolean closed;
    private volatile long batches;

    Writer(Backend backend, Executor callbacks) {
        this.backend = backend;
        this.callbacks = callbacks;
        this.thread = new Thread(this::run, "fleetops-journal-writer");
        // daemon: a store nobody closed must not keep the JVM alive; what was acknowledged is already durable
        thread.setDaemon(true);
        thread.start();
    }

    @SuppressWarnings("unchecked")
    synchronized <T> CompletionStage<T> submit(Op op) {
        Call call = new Call(op);
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("the journal " + backend.describe() + " is closed"));
        }
        queue.add(call);
        return (CompletionStage<T>) (CompletionStage<?>) call.result;
    }

    private void run() {
        List<Call> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stop = batch.remove(STOP);
            if (batch.isEmpty()) continue;
            batches++;
            try {
                backend.execute(batch);
            } catch (RuntimeException e) {
                StoreException failed = e instanceof StoreException s ? s
                        : new StoreException("the journal " + backend.describe() + " could not commit: " + e, e);
                batch.forEach(c -> c.failUnlessFailed(failed));
            }
            for (Call c : batch) {
                if (!c.decided()) c.fail(new IllegalStateException("the store did not answer " + c.op));
            }
            List<Call> done = batch.stream().filter(c -> !(c.op instanceof Op.Flush)).toList();
            if (!done.isEmpty()) callbacks.execute(() -> done.forEach(Call::deliver));
            // flushes complete here, after the callbacks before them were handed over: a virtual-time driver
            // can wait for a flush without having to run those callbacks itself (docs/journal.md)
            batch.stream().filter(c -> c.op instanceof Op.Flush).forEach(Call::deliver);
        }
    }

    /** Batches committed so far (group commit: fewer than the appends when they queue up). */
    long batches() {
        return batches;
    }

    /** Flushes: everything queued before is committed and delivered, then the backend closes. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.add(STOP); // after every accepted call: submit and close hold the same lock
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            backend.close();
        }
    }
}

package dev.fleetops.journal;

import dev.fleetops.time.Scheduler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The one writer thread of a store: callers enqueue and return at once; the thread has the backend carry out what
 * is queued, then hands each outcome to the callback executor. Stages therefore complete after the commit and on
 * the callback executor, never on the caller's thread; a flush alone completes on the writer thread itself, once
 * the callbacks queued before it have been handed over.
 *
 * <p>Two lanes (docs/journal.md, "Two lanes"). Writes (appends, leases, the inbox) are live work: a step's intent
 * waits for its append before its call goes out. The writer takes every queued write (up to {@link #MAX_BATCH}) and
 * commits them as one batch (group commit). Reads (histories, the open executions, lease and inbox listings) are
 * bulk work: a recovery may queue hundreds. The writer takes them one at a time (a store that has several in
 * flight together, DynamoDB, takes up to {@link Backend#readsPerBatch} at once), after the queued writes, so a
 * write waits for at most one round of reads, never for a recovery's backlog; and a round of history reads rides
 * along each batch of writes, so live work cannot starve a recovery either. A read sees every
 * write submitted before it (writes are never behind a read that came later); a flush (and the close) waits for
 * everything submitted before it in both lanes.
 *
 * <p>Each call holds the scheduler's clock ({@link Scheduler#holdForOutsideWork}) from its submission until its
 * outcome was handed to the callback executor: in virtual time the clock never moves, and a driver never finds
 * "nothing left to run", while an acknowledgement is on its way (docs/journal.md, "Threads, durability and
 * virtual time"). Every call is answered and released, also when the thread stops.
 */
final class Writer implements AutoCloseable {

    /** Bounds one transaction (and the memory of one batch); a longer queue is simply several batches. */
    static final int MAX_BATCH = 10_000;

    private static final Call STOP = new Call(new Op.Flush());

    private final ArrayDeque<Call> writes = new ArrayDeque<>();
    private final ArrayDeque<Call> reads = new ArrayDeque<>();
    private final Backend backend;
    private final Scheduler scheduler;
    private final Executor callbacks;
    private final Thread thread;
    private boolean closed;
    private volatile long batches;

    Writer(Backend backend, Scheduler scheduler, Executor callbacks) {
        this.backend = backend;
        this.scheduler = scheduler;
        this.callbacks = callbacks;
        this.thread = new Thread(this::run, "fleetops-journal-writer");
        // daemon: a store nobody closed must not keep the JVM alive; what was acknowledged is already durable
        thread.setDaemon(true);
        thread.start();
    }

    <T> CompletionStage<T> submit(Op op) {
        return submit(op, true);
    }

    /**
     * {@code holdTime} false: the call does not hold the clock. Only for a call whose answer nothing in virtual time
     * waits for and whose outcome changes nothing when it arrives late (a heartbeat's renewal): holding for those
     * would make every heartbeat of a long virtual run wait for a commit of its own.
     */
    @SuppressWarnings("unchecked")
    synchronized <T> CompletionStage<T> submit(Op op, boolean holdTime) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("the journal " + backend.describe() + " is closed"));
        }
        Call call = new Call(op, holdTime ? scheduler.holdForOutsideWork() : Scheduler.Hold.NONE);
        (bulk(op) ? reads : writes).add(call);
        notifyAll();
        return (CompletionStage<T>) (CompletionStage<?>) call.result;
    }

    /** Reads, and the flush that must follow them; everything else is a write. */
    static boolean bulk(Op op) {
        return op instanceof Op.History || op instanceof Op.Open || op instanceof Op.Takeable || op instanceof Op.Held
                || op instanceof Op.Pending || op instanceof Op.Flush;
    }

    /**
     * The next batch: every queued write and the oldest history reads behind them, else the oldest reads (or
     * flush); reads as many as the backend carries out together ({@link Backend#readsPerBatch}). Waits while both
     * lanes are empty.
     */
    private synchronized List<Call> next() throws InterruptedException {
        while (writes.isEmpty() && reads.isEmpty()) wait();
        List<Call> batch = new ArrayList<>();
        if (!writes.isEmpty()) {
            while (!writes.isEmpty() && batch.size() < MAX_BATCH) batch.add(writes.poll());
            // the oldest history reads ride along (as many as a round of reads): under a steady stream of live writes
            // a recovery's reads would otherwise never be taken. Listings and flushes still wait for a round of
            // their own: they run after the batch's writes and would hold up their acknowledgements
            for (int n = Math.max(1, backend.readsPerBatch()); n > 0 && reads.peek() != null && reads.peek().op instanceof Op.History; n--) {
                batch.add(reads.poll());
            }
        } else {
            int n = Math.max(1, backend.readsPerBatch());
            while (!reads.isEmpty() && batch.size() < n) batch.add(reads.poll());
        }
        return batch;
    }

    private void run() {
        try {
            boolean stop = false;
            while (!stop) {
                List<Call> batch;
                try {
                    batch = next();
                } catch (InterruptedException e) {
                    break;
                }
                stop = batch.remove(STOP);
                if (!batch.isEmpty()) commit(batch);
            }
        } finally {
            refuseQueued();
        }
    }

    private void commit(List<Call> batch) {
        batches++;
        Map<Call, Call> folded = foldRenewals(batch);
        try {
            backend.execute(folded.isEmpty() ? batch : batch.stream().filter(c -> !folded.containsKey(c)).toList());
            folded.forEach(Call::takeOutcomeOf);
        } catch (RuntimeException e) {
            StoreException failed = e instanceof StoreException s ? s
                    : new StoreException("the journal " + backend.describe() + " could not commit: " + e, e);
            batch.forEach(c -> c.failUnlessFailed(failed));
        }
        for (Call c : batch) {
            if (!c.decided()) c.fail(new IllegalStateException("the store did not answer " + c.op));
        }
        List<Call> done = batch.stream().filter(c -> !(c.op instanceof Op.Flush)).toList();
        try {
            if (!done.isEmpty()) callbacks.execute(() -> done.forEach(Call::deliver));
            // flushes complete here, after the callbacks before them were handed over: a virtual-time driver
            // can wait for a flush without having to run those callbacks itself (docs/journal.md)
            batch.stream().filter(c -> c.op instanceof Op.Flush).forEach(Call::deliver);
        } finally {
            batch.forEach(Call::release);
        }
    }

    /**
     * Renewals of one lease queued one behind the other, with no acquisition or release of it between, come to the
     * last one: its expiry is the only one anyone can read after the batch (a read runs only once no write is
     * queued, and fencing checks the token alone). Heartbeats do not hold virtual time, so a driver running through
     * virtual days queues thousands of beats per lease between two commits; one write stands for them all.
     * @return each folded call, mapped to the later call whose outcome it takes
     */
    static Map<Call, Call> foldRenewals(List<Call> batch) {
        Map<Call, Call> folded = new HashMap<>();
        Map<String, Call> later = new HashMap<>(); // per lease, the renewal after this point of the batch
        for (int i = batch.size() - 1; i >= 0; i--) {
            Call c = batch.get(i);
            if (c.op instanceof Op.Renew r) {
                String key = r.lease().resource() + "\n" + r.lease().owner() + "\n" + r.lease().token();
                Call next = later.get(key);
                if (next != null) folded.put(c, folded.getOrDefault(next, next));
                else later.put(key, c);
            } else if (c.op instanceof Op.Acquire a) {
                later.keySet().removeIf(k -> k.startsWith(a.resource() + "\n"));
            } else if (c.op instanceof Op.Release rel) {
                later.keySet().removeIf(k -> k.startsWith(rel.lease().resource() + "\n"));
            }
        }
        return folded;
    }

    /** The thread stops (closed, interrupted, or an error escaped): what is still queued is refused, not left hanging. */
    private void refuseQueued() {
        List<Call> left = new ArrayList<>();
        synchronized (this) {
            closed = true;
            left.addAll(writes);
            left.addAll(reads);
            writes.clear();
            reads.clear();
        }
        left.remove(STOP);
        StoreException refused = new StoreException("the journal " + backend.describe() + " stopped before answering");
        for (Call c : left) {
            c.fail(refused);
            try {
                c.deliver();
            } finally {
                c.release();
            }
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
            reads.add(STOP); // behind every accepted read, and taken only once no write is queued
            notifyAll();
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

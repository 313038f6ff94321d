package dev.fleetops.journal;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The durable, append-only history of every execution (see docs/journal.md). Appends never block the calling
 * thread: one writer thread per store takes them from a queue and commits all queued appends in one transaction
 * (group commit). A returned stage completes only once its entry is durable, and it completes through the
 * callback executor given to {@link Journals}, never on the caller's thread.
 *
 * <p>Each append carries the fencing token of the caller's lease on the execution ({@link Lease#token()}), or
 * {@link #UNLEASED} when nobody has ever leased it. The store refuses an append whose token is not the
 * execution's current one with a {@link FencedException}: a replica that lost its lease cannot write on.
 */
public interface Journal extends AutoCloseable {

    /** The token of an execution that was never leased (a single process running it alone). */
    long UNLEASED = 0;

    /**
     * Appends {@code entry} to the journal of {@code executionId}; the stage yields its sequence number (1 for the
     * first entry). The first entry of an execution is its {@link Entry.Started}; nothing follows its
     * {@link Entry.Ended}. Fails with {@link FencedException} on a stale token, {@link StoreException} when the
     * store cannot write, {@link IllegalStateException} when the entry breaks the order above.
     */
    CompletionStage<Long> append(String executionId, long token, Entry entry);

    /** Every entry of one execution, in sequence order (empty when it never started). */
    CompletionStage<List<Recorded>> history(String executionId);

    /** Executions that started and have not ended, oldest first: what recovery resumes. */
    CompletionStage<List<OpenExecution>> open();

    /**
     * Completes once everything submitted before it is durable and its callbacks have been handed to the callback
     * executor. Unlike the other stages it completes on the writer thread, so a virtual-time driver may wait for
     * it between two scheduler tasks while the callbacks wait in the scheduler's queue.
     */
    CompletionStage<Void> flush();

    /** Leases on executions and claimed events, in the same store, checked by {@link #append}. */
    Leases leases();

    /** The HTTP intake's durable inbox, in the same store. */
    Inbox inbox();

    /** Flushes what is queued, then closes the store; later calls fail with {@link StoreException}. */
    @Override
    void close();
}

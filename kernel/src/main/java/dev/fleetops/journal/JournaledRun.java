package dev.fleetops.journal;

import dev.fleetops.execution.Status;
import dev.fleetops.time.Scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * One execution journaled by the capability that runs it (an event handler's run, a first-ready wait): leased to
 * its owner (taken from a dead owner of this host without waiting for the lease to expire) and kept by a
 * heartbeat, its history read once when opened, every append carrying the lease's fencing token (docs/journal.md).
 *
 * <p>On virtual time every stage is awaited inline before it is handed back, so that the simulation cannot move on
 * while an acknowledgement is in flight (its clock does not wait for the disk) and continuations run on the
 * caller's thread: runs stay repeatable. On real time nothing here blocks.
 */
public final class JournaledRun {

    private final Journal store;
    private final Lease lease;
    private final List<Recorded> history;
    private final Scheduler scheduler;
    private final Scheduler.Cancellable heartbeat;
    private volatile Throwable lost;
    private volatile boolean closed;

    private JournaledRun(Journal store, Lease lease, List<Recorded> history, Scheduler scheduler) {
        this.store = store;
        this.lease = lease;
        this.history = List.copyOf(history);
        this.scheduler = scheduler;
        this.heartbeat = ended().isPresent() ? null : store.leases().keep(lease, e -> lost = e);
    }

    /**
     * Leases execution {@code executionId} to {@code owner} and reads its history; empty while another live owner
     * holds it. {@code gone} tells whether a holder's owner id names a dead process.
     */
    public static CompletionStage<Optional<JournaledRun>> open(Journal store, String executionId, String owner,
                                                               Predicate<String> gone, Scheduler scheduler) {
        CompletionStage<Optional<Lease>> leased = store.leases().acquireFrom(executionId, owner, Leases.DEFAULT_TTL, gone);
        // submitted with the acquisition, not after its answer: a read never runs before a write submitted earlier
        // (docs/journal.md, "Two lanes"), so it sees everything the previous holder wrote, and it rides along the
        // acquisition's batch: one round trip to open a run instead of two (when the lease is refused it is unused)
        CompletionStage<List<Recorded>> read = store.history(executionId);
        return settle(scheduler, leased).thenCompose(l -> {
            if (l.isEmpty()) return CompletableFuture.completedFuture(Optional.<JournaledRun>empty());
            return settle(scheduler, read).thenApply(h -> Optional.of(new JournaledRun(store, l.get(), h, scheduler)));
        });
    }

    public String executionId() {
        return lease.resource();
    }

    /** The entries the execution had when it was opened (empty: it is new). */
    public List<Recorded> history() {
        return history;
    }

    public Optional<Entry.Started> started() {
        return history.isEmpty() || !(history.get(0).entry() instanceof Entry.Started s) ? Optional.empty() : Optional.of(s);
    }

    /** Its {@link Entry.Ended} when it had ended before it was opened. */
    public Optional<Entry.Ended> ended() {
        return history.isEmpty() || !(history.get(history.size() - 1).entry() instanceof Entry.Ended e)
                ? Optional.empty() : Optional.of(e);
    }

    public Instant now() {
        return scheduler.now();
    }

    /** Appends {@code entry}; completes once it is durable. Fails once the lease was lost (another owner took it). */
    public CompletionStage<Long> append(Entry entry) {
        Throwable l = lost;
        if (l != null) return CompletableFuture.failedFuture(l);
        if (closed) return CompletableFuture.failedFuture(new IllegalStateException("execution " + executionId() + " was closed"));
        return settle(scheduler, store.append(executionId(), lease.token(), entry));
    }

    /** Appends the {@link Entry.Ended} entry, then gives the lease up. */
    public CompletionStage<Void> end(Status status, Optional<String> failureMessage) {
        return append(new Entry.Ended(now(), status, failureMessage)).handle((seq, e) -> {
            close();
            if (e != null) throw e instanceof CompletionException c ? c : new CompletionException(e);
            return null;
        });
    }

    /** Stops the heartbeat and gives the lease up; an execution that did not end stays open for the next owner. */
    public void close() {
        if (closed) return;
        closed = true;
        if (heartbeat != null) heartbeat.cancel();
        store.leases().release(lease);
    }

    private static <T> CompletionStage<T> settle(Scheduler scheduler, CompletionStage<T> stage) {
        if (!scheduler.isVirtual()) return stage;
        CompletableFuture<T> f = stage.toCompletableFuture();
        try {
            return CompletableFuture.completedFuture(f.join());
        } catch (CompletionException e) {
            return CompletableFuture.failedFuture(e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

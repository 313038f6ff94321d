package dev.fleetops.journal;

import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A journal whose lease outcomes are also told to a {@link LeaseListener}; everything else is the delegate's. */
final class ObservedJournal implements Journal, Leases {

    private final Journal journal;
    private final Leases leases;
    private final LeaseListener listener;

    ObservedJournal(Journal journal, LeaseListener listener) {
        this.journal = journal;
        this.leases = journal.leases();
        this.listener = listener;
    }

    @Override
    public CompletionStage<Long> append(String executionId, long token, Entry entry) {
        return journal.append(executionId, token, entry);
    }

    @Override
    public CompletionStage<List<Recorded>> history(String executionId) {
        return journal.history(executionId);
    }

    @Override
    public CompletionStage<List<OpenExecution>> open() {
        return journal.open();
    }

    @Override
    public CompletionStage<Void> flush() {
        return journal.flush();
    }

    @Override
    public Leases leases() {
        return this;
    }

    @Override
    public Inbox inbox() {
        return journal.inbox();
    }

    @Override
    public void close() {
        journal.close();
    }

    @Override
    public CompletionStage<Optional<Lease>> acquire(String resource, String owner, Duration ttl) {
        return granted(leases.acquire(resource, owner, ttl));
    }

    @Override
    public CompletionStage<Optional<Lease>> acquireFrom(String resource, String owner, Duration ttl, Predicate<String> gone) {
        return granted(leases.acquireFrom(resource, owner, ttl, gone));
    }

    private CompletionStage<Optional<Lease>> granted(CompletionStage<Optional<Lease>> stage) {
        return stage.whenComplete((lease, e) -> {
            if (lease != null) lease.ifPresent(listener::acquired);
        });
    }

    @Override
    public CompletionStage<Lease> renew(Lease lease) {
        return leases.renew(lease).whenComplete((l, e) -> {
            if (e != null) listener.lost(lease, unwrap(e));
        });
    }

    @Override
    public CompletionStage<Void> release(Lease lease) {
        return leases.release(lease);
    }

    @Override
    public CompletionStage<List<Lease>> takeable() {
        return leases.takeable();
    }

    @Override
    public CompletionStage<List<Lease>> held() {
        return leases.held();
    }

    @Override
    public Scheduler.Cancellable keep(Lease lease, Consumer<RuntimeException> lost) {
        return leases.keep(lease, e -> {
            listener.lost(lease, e);
            lost.accept(e);
        });
    }

    private static RuntimeException unwrap(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }
}

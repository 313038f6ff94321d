package dev.fleetops.journal;

import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The journal, its leases and its inbox over one backend and its writer thread: the same for every store. */
final class StoreJournal implements Journal, Leases, Inbox {

    private final Scheduler scheduler;
    private final Writer writer;

    StoreJournal(Backend backend, Scheduler scheduler, Executor callbacks) {
        this.scheduler = scheduler;
        this.writer = new Writer(backend, scheduler, callbacks);
    }

    @Override
    public CompletionStage<Long> append(String executionId, long token, Entry entry) {
        return writer.submit(new Op.Append(executionId, token, entry));
    }

    @Override
    public CompletionStage<List<Recorded>> history(String executionId) {
        return writer.submit(new Op.History(executionId));
    }

    @Override
    public CompletionStage<List<OpenExecution>> open() {
        return writer.submit(new Op.Open());
    }

    @Override
    public CompletionStage<Void> flush() {
        return writer.submit(new Op.Flush());
    }

    @Override
    public Leases leases() {
        return this;
    }

    @Override
    public Inbox inbox() {
        return this;
    }

    @Override
    public CompletionStage<Optional<Lease>> acquire(String resource, String owner, Duration ttl) {
        return writer.submit(new Op.Acquire(resource, owner, ttl, scheduler.now(), holder -> false));
    }

    @Override
    public CompletionStage<Optional<Lease>> acquireFrom(String resource, String owner, Duration ttl, Predicate<String> gone) {
        return writer.submit(new Op.Acquire(resource, owner, ttl, scheduler.now(), gone));
    }

    @Override
    public CompletionStage<Lease> renew(Lease lease) {
        return writer.submit(new Op.Renew(lease, scheduler.now()));
    }

    @Override
    public CompletionStage<Void> release(Lease lease) {
        return writer.submit(new Op.Release(lease));
    }

    @Override
    public CompletionStage<List<Lease>> takeable() {
        return writer.submit(new Op.Takeable(scheduler.now()));
    }

    @Override
    public CompletionStage<List<Lease>> held() {
        return writer.submit(new Op.Held(scheduler.now()));
    }

    @Override
    public Scheduler.Cancellable keep(Lease lease, Consumer<RuntimeException> lost) {
        Heartbeat beat = new Heartbeat(lease, lost);
        beat.next();
        return beat;
    }

    @Override
    public CompletionStage<Boolean> put(String eventId, String body) {
        return writer.submit(new Op.Put(eventId, body, scheduler.now()));
    }

    @Override
    public CompletionStage<Void> done(String eventId) {
        return writer.submit(new Op.Done(eventId, scheduler.now()));
    }

    @Override
    public CompletionStage<List<PendingEvent>> pending() {
        return writer.submit(new Op.Pending());
    }

    @Override
    public void close() {
        writer.close();
    }

    long batches() {
        return writer.batches();
    }

    /**
     * Renews a lease every third of its ttl, so two renewals may fail before it expires. The beats keep their own
     * rate (each scheduled when the one before fires, not when its renewal is answered) and do not hold virtual time
     * ({@link Writer#submit(Op, boolean)}): in virtual time the clock is never held for a heartbeat, and each renewal's
     * expiry is still computed from the instant it fired. Renewals check only the owner and the fencing token, so
     * one sent before the previous was answered renews as well.
     */
    private final class Heartbeat implements Scheduler.Cancellable {
        private final Consumer<RuntimeException> lost;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final Lease lease;
        private volatile Scheduler.Cancellable timer = () -> false;

        Heartbeat(Lease lease, Consumer<RuntimeException> lost) {
            this.lease = lease;
            this.lost = lost;
        }

        void next() {
            if (cancelled.get()) return;
            timer = scheduler.schedule(lease.ttl().dividedBy(3), () -> {
                if (cancelled.get()) return;
                next();
                writer.<Lease>submit(new Op.Renew(lease, scheduler.now()), false).whenComplete((renewed, e) -> {
                    if (e != null && cancelled.compareAndSet(false, true)) {
                        timer.cancel();
                        lost.accept(e instanceof RuntimeException r ? r : new StoreException(e.toString(), e));
                    }
                });
            });
        }

        @Override
        public boolean cancel() {
            boolean was = cancelled.compareAndSet(false, true);
            timer.cancel();
            return was;
        }
    }
}

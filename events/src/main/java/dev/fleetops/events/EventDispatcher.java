package dev.fleetops.events;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.spi.ActionKey;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerJournal;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.events.spi.Scope;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.execution.Status;
import dev.fleetops.observe.EventPublisher;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Runs the matched rules' handlers for one event, exactly once per (event id, rule) and per (instance, action):
 * claims both idempotency keys, calls the handler, completes the keys when the record is done and releases them
 * when it failed (so the redelivered message tries again). A duplicate gets a record that says what it
 * duplicates and does nothing.
 */
final class EventDispatcher {

    private final Cloud cloud;
    private final Scheduler scheduler;
    private final RunbookRunner runbooks;
    private final IdempotencyStore store;
    private final EventPublisher<IntakeEvent> events;
    private final IdempotencyTtls ttls;
    /** A third of the claim lease, computed once: Duration.dividedBy goes through BigDecimal (per event, profiled). */
    private final java.time.Duration heartbeatEvery;
    private final HandlerRuns runs;
    private final Scope scope;

    /** @param runs where handler runs are journaled; null: not journaled */
    EventDispatcher(Cloud cloud, Scheduler scheduler, RunbookRunner runbooks, IdempotencyStore store,
                    EventPublisher<IntakeEvent> events, IdempotencyTtls ttls, HandlerRuns runs, Scope scope) {
        this.cloud = cloud;
        this.scheduler = scheduler;
        this.runbooks = runbooks;
        this.store = store;
        this.events = events;
        this.ttls = ttls;
        this.heartbeatEvery = java.time.Duration.ofNanos(ttls.claimLease().toNanos() / 3);
        this.runs = runs;
        this.scope = scope;
    }

    IdempotencyStore store() {
        return store;
    }

    /**
     * Handles {@code event} by one rule: a handler run the journal holds open, continued (at start-up, or taken over
     * from a dead replica). A claim of this event left in progress by the handling that died is not waited for: the
     * run's journal lease decides who goes on (taken only once expired or from a dead process, and fencing every
     * write), so the key is completed when the continued run ends and the redelivered message is deleted as done.
     */
    CompletionStage<HandlerRecord> dispatch(Event event, Rule rule) {
        return one(event, rule, true);
    }

    /** Handles {@code event} for every matched rule (in parallel); the records come back in rule order. */
    CompletionStage<List<HandlerRecord>> dispatch(Event event, List<Rule> matched) {
        List<CompletableFuture<HandlerRecord>> all = new ArrayList<>(matched.size());
        for (Rule r : matched) all.add(one(event, r, false).toCompletableFuture());
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<HandlerRecord> out = new ArrayList<>(all.size());
            for (CompletableFuture<HandlerRecord> f : all) out.add(f.join());
            return out;
        });
    }

    private CompletionStage<HandlerRecord> one(Event event, Rule rule, boolean continued) {
        Handler handler = rule.handler();
        Recorder rec = new Recorder(scheduler, handler.name(), event, event.deadline());
        event.notes().forEach(n -> rec.note("event: " + n));
        String eventKey = IdempotencyStore.eventKey(event.id()) + "#" + rule.name();
        List<String> inherited = new ArrayList<>(2);
        switch (claim(eventKey, event, continued, inherited)) {
            case DONE -> {
                String note = "duplicate: event " + event.id() + " was already handled by rule " + rule.name() + "; nothing new done";
                events.publish(() -> new IntakeEvent.DuplicateAbsorbed(scheduler.now(), rule.name(), event.id(), note));
                rec.note(note);
                return continued ? endContinued(event, rule, rec.finish(Status.Success)) : done(rec.finish(Status.Success), rule);
            }
            case IN_PROGRESS -> {
                rec.note("event " + event.id() + " is being handled by another worker; left for redelivery");
                return done(rec.finish(Status.InProgress), rule);
            }
            default -> { }
        }
        Optional<ActionKey> action;
        try {
            action = handler.actionKey(event);
        } catch (RuntimeException e) {
            store.release(eventKey);
            return done(rec.failed("handler " + handler.name() + " could not read the event: " + e.getMessage()), rule);
        }
        String actionKey = action.map(IdempotencyStore::actionKey).orElse(null);
        if (actionKey != null) {
            IdempotencyStore.Claim c = claim(actionKey, event, continued, inherited);
            if (c != IdempotencyStore.Claim.CLAIMED) {
                String owner = store.owner(actionKey).orElse("?");
                if (c == IdempotencyStore.Claim.IN_PROGRESS && owner.equals(event.id())) {
                    // this same event's earlier handling (a dead process, whose event claim lapsed first) still
                    // holds the action: not another event's duplicate, so not done; tried again once it lapses
                    store.release(eventKey);
                    rec.note("event " + event.id() + "'s action " + action.get() + " is still claimed by an earlier"
                            + " handling of the same event; left for redelivery");
                    return done(rec.finish(Status.InProgress), rule);
                }
                String note = "duplicate action " + action.get() + ": " + (c == IdempotencyStore.Claim.DONE ? "done" : "in progress")
                        + " for event " + owner + "; nothing new done";
                events.publish(() -> new IntakeEvent.DuplicateAbsorbed(scheduler.now(), rule.name(), event.id(), note));
                rec.note(note);
                store.complete(eventKey, ttls.eventTtl());
                return continued ? endContinued(event, rule, rec.finish(Status.Success)) : done(rec.finish(Status.Success), rule);
            }
        }
        if (runs == null) return run(event, rule, rec, eventKey, actionKey, null, inherited);
        CompletionStage<HandlerRuns.Opened> opened;
        try {
            opened = runs.open(event, rule.name(), handler.name());
        } catch (RuntimeException e) {
            opened = CompletableFuture.failedFuture(e);
        }
        return opened.handle((o, e) -> {
            if (e != null) {
                release(rule, event, eventKey, actionKey);
                return done(rec.failed("the journal could not open the run of " + handler.name() + ": "
                        + unwrap(e).getMessage() + "; left for redelivery"), rule);
            }
            if (o instanceof HandlerRuns.Opened.Busy b) {
                if (inherited.isEmpty()) release(rule, event, eventKey, actionKey); // an inherited claim is the live owner's now
                rec.note("run " + b.executionId() + " of event " + event.id() + " is being handled by another owner; left for redelivery");
                return done(rec.finish(Status.InProgress), rule);
            }
            if (o instanceof HandlerRuns.Opened.Done d) {
                store.complete(eventKey, ttls.eventTtl());
                if (actionKey != null) store.complete(actionKey, ttls.actionTtl());
                String note = "duplicate: event " + event.id() + " was already handled by rule " + rule.name() + " (run "
                        + d.executionId() + " ended " + d.status() + " in the journal); nothing new done";
                events.publish(() -> new IntakeEvent.DuplicateAbsorbed(scheduler.now(), rule.name(), event.id(), note));
                rec.note(note);
                return done(rec.finish(Status.Success), rule);
            }
            HandlerRun run = ((HandlerRuns.Opened.Run) o).run();
            if (run.continued()) {
                rec.note("continued from the journal (run " + run.executionId().orElse("?")
                        + "): calls it holds a result of are not sent again");
            }
            return run(event, rule, rec, eventKey, actionKey, run, inherited);
        }).thenCompose(x -> x);
    }

    /**
     * A continued run whose event is done (its owner completed the key, then died before the run's end was durable):
     * ended with {@code record}, without running the handler again (a result it appended may not be durable), so its
     * lease is given up and no scan lists it again.
     */
    private CompletionStage<HandlerRecord> endContinued(Event event, Rule rule, HandlerRecord record) {
        if (runs == null) return done(record, rule);
        CompletionStage<HandlerRuns.Opened> opened;
        try {
            opened = runs.open(event, rule.name(), rule.handler().name());
        } catch (RuntimeException e) {
            opened = CompletableFuture.failedFuture(e);
        }
        return opened.handle((o, e) -> {
            if (e == null && o instanceof HandlerRuns.Opened.Run r) return r.run().end(record).handle((v, x) -> record.forRule(rule.name()));
            return CompletableFuture.completedFuture(record.forRule(rule.name()));
        }).thenCompose(x -> x);
    }

    /**
     * Claims {@code key} for {@code event}; when {@code continued} (a journaled run is being continued), a claim
     * still in progress for this same event is inherited (listed in {@code inherited}, not renewed by this process):
     * it is the dead handling's, and the run's journal lease, not the claim, keeps two owners apart.
     */
    private IdempotencyStore.Claim claim(String key, Event event, boolean continued, List<String> inherited) {
        IdempotencyStore.Claim c = store.claim(key, event.id(), ttls.claimLease());
        if (continued && c == IdempotencyStore.Claim.IN_PROGRESS && store.owner(key).filter(event.id()::equals).isPresent()) {
            inherited.add(key);
            return IdempotencyStore.Claim.CLAIMED;
        }
        return c;
    }

    /** Runs the handler (its claims held), journaled in {@code run} when there is one. */
    private CompletionStage<HandlerRecord> run(Event event, Rule rule, Recorder rec, String eventKey, String actionKey,
                                               HandlerRun run, List<String> inherited) {
        Handler handler = rule.handler();
        Instant start = scheduler.now();
        List<String> claimed = new ArrayList<>(actionKey == null ? List.of(eventKey) : List.of(eventKey, actionKey));
        claimed.removeAll(inherited);
        Heartbeat heartbeat = new Heartbeat(claimed);
        Optional<String> executionId = run != null ? run.executionId() : Optional.empty();
        HandlerContext ctx = new HandlerContext(cloud, scheduler, runbooks, rec, store, effect -> events.publish(
                () -> new IntakeEvent.HandlerEffect(scheduler.now(), rule.name(), handler.name(), event.id(), effect, executionId)),
                run != null ? run : HandlerJournal.NONE, scope);
        CompletionStage<HandlerRecord> stage;
        try {
            stage = handler.handle(event, ctx);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletionStage<HandlerRecord> handled = stage.handle((record, error) -> {
            heartbeat.stop();
            HandlerRecord r = record;
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                r = rec.failed(handler.name() + " failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            } else if (r == null) {
                r = rec.failed(handler.name() + " returned no record");
            }
            Duration latency = Duration.between(start, scheduler.now());
            if (r.done()) {
                store.complete(eventKey, ttls.eventTtl());
                if (actionKey != null) store.complete(actionKey, ttls.actionTtl());
            } else {
                store.release(eventKey);
                if (actionKey != null) store.release(actionKey);
                events.publish(() -> new IntakeEvent.Released(scheduler.now(), rule.name(), event.id()));
            }
            HandlerRecord forRule = r.forRule(rule.name());
            events.publish(() -> new IntakeEvent.Handled(scheduler.now(), rule.name(), forRule, latency, executionId));
            return forRule;
        });
        if (run == null) return handled;
        return handled.thenCompose(r -> {
            if (!r.status().terminal()) {
                run.leave();
                return CompletableFuture.completedFuture(r);
            }
            return run.end(r).handle((v, e) -> r); // the record stands; an unwritten end leaves the run to be continued
        });
    }

    private void release(Rule rule, Event event, String eventKey, String actionKey) {
        store.release(eventKey);
        if (actionKey != null) store.release(actionKey);
        events.publish(() -> new IntakeEvent.Released(scheduler.now(), rule.name(), event.id()));
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }


    /**
     * Renews the claims of a running handler every third of the claim lease, so they outlive it while the handler
     * runs and lapse within one lease when the process dies. A renewal refused (the claim was taken over after a
     * stall) is published; the handler's record is still completed conditionally, so the new owner's claim stands.
     */
    private final class Heartbeat implements Runnable {
        private final List<String> keys;
        private volatile boolean stopped;
        private volatile Scheduler.Cancellable next;

        Heartbeat(List<String> keys) {
            this.keys = keys;
            next = scheduler.schedule(heartbeatEvery, this);
        }

        @Override
        public void run() {
            if (stopped) return;
            for (String k : keys) {
                if (!store.renew(k, ttls.claimLease())) {
                    events.publish(() -> new IntakeEvent.SourceWarning(scheduler.now(), "idempotency",
                            "claim " + k + " was lost while its handler ran (stalled past the " + ttls.claimLease().toSeconds()
                                    + " s lease?); another worker may have taken it over"));
                }
            }
            if (!stopped) next = scheduler.schedule(heartbeatEvery, this);
        }

        void stop() {
            stopped = true;
            Scheduler.Cancellable n = next;
            if (n != null) n.cancel();
        }
    }

    private static CompletionStage<HandlerRecord> done(HandlerRecord r, Rule rule) {
        return CompletableFuture.completedFuture(r.forRule(rule.name()));
    }
}

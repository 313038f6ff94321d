package dev.fleetops.events;

import dev.fleetops.events.spi.Event;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.JournaledRun;
import dev.fleetops.journal.Leases;
import dev.fleetops.time.Scheduler;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Handler runs in the journal (docs/handlers.md, "Journaled runs"): the handling of one event by one rule is an
 * execution of kind {@code handler} whose id derives from the event id and the rule, so that whichever process
 * or replica handles the event (again) finds the run: a run left open is continued, one that ended is not run
 * again, one whose handler failed is followed by a new attempt (its own id) on the next delivery.
 */
final class HandlerRuns {

    static final String EVENT_ID = "EventId";
    static final String EVENT = "Event";
    static final String RULE = "Rule";

    /** What opening the run of an event found. */
    sealed interface Opened {
        /** A run to go on with (new, or continued from the journal). */
        record Run(HandlerRun run) implements Opened { }

        /** The handling ended before with this status: nothing to do again. */
        record Done(String executionId, Status status) implements Opened { }

        /** Another live owner (or this process, already) runs it. */
        record Busy(String executionId) implements Opened { }
    }

    private final Journal store;
    private final String owner;
    private final Predicate<String> gone;
    private final Scheduler scheduler;
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    HandlerRuns(Journal store, String owner, Predicate<String> gone, Scheduler scheduler) {
        this.store = store;
        this.owner = owner;
        this.gone = gone;
        this.scheduler = scheduler;
    }

    Journal store() {
        return store;
    }

    /** This replica's owner id. */
    String owner() {
        return owner;
    }

    /** Whether a lease holder's owner id names a process known to be dead (its runs are taken at once). */
    Predicate<String> gone() {
        return gone;
    }

    /**
     * The execution id of the {@code attempt}th handling (1-based) of event {@code eventId} by rule {@code rule}:
     * a name-based UUID of the three, the same on every replica.
     */
    static String executionId(String eventId, String rule, int attempt) {
        String name = "handler/" + rule + "/" + eventId + (attempt == 1 ? "" : "/attempt/" + attempt);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Takes the lease a dead owner left on ended run {@code executionId} and gives it up, so it is not takeable any more. */
    void clear(String executionId) {
        store.leases().acquireFrom(executionId, owner, Leases.DEFAULT_TTL, gone)
                .thenAccept(l -> l.ifPresent(store.leases()::release));
    }

    CompletionStage<Opened> open(Event event, String rule, String handler) {
        return open(event, rule, handler, 1);
    }

    private CompletionStage<Opened> open(Event event, String rule, String handler, int attempt) {
        String id = executionId(event.id(), rule, attempt);
        if (!active.add(id)) return CompletableFuture.completedFuture(new Opened.Busy(id));
        CompletionStage<Optional<JournaledRun>> opened;
        try {
            opened = JournaledRun.open(store, id, owner, gone, scheduler);
        } catch (RuntimeException e) {
            opened = CompletableFuture.failedFuture(e);
        }
        return opened.handle((r, e) -> {
            if (e != null || r.isEmpty()) active.remove(id);
            if (e != null) return CompletableFuture.<Opened>failedFuture(e);
            if (r.isEmpty()) return CompletableFuture.<Opened>completedFuture(new Opened.Busy(id));
            JournaledRun run = r.get();
            Optional<Entry.Ended> ended = run.ended();
            if (ended.isPresent()) {
                run.close();
                active.remove(id);
                Status s = ended.get().status();
                if (s != Status.Failed && s != Status.Cancelled) return CompletableFuture.<Opened>completedFuture(new Opened.Done(id, s));
                return open(event, rule, handler, attempt + 1);
            }
            HandlerRun hr = new HandlerRun(run, executionId(event.id(), rule, 1), () -> active.remove(id));
            if (run.started().isPresent()) return CompletableFuture.<Opened>completedFuture(new Opened.Run(hr));
            Map<String, List<String>> parameters = Map.of(EVENT_ID, List.of(event.id()), EVENT, List.of(event.raw()),
                    RULE, List.of(rule));
            return run.append(new Entry.Started(run.now(), ExecutionKind.HANDLER, handler, Optional.empty(), parameters,
                    Optional.empty())).handle((seq, err) -> {
                        if (err == null) return (Opened) new Opened.Run(hr);
                        hr.leave();
                        throw err instanceof RuntimeException re ? re : new IllegalStateException(err);
                    });
        }).thenCompose(f -> f);
    }
}

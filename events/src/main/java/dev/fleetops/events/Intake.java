package dev.fleetops.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.events.spi.Scope;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.OpenExecutions;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.observe.EventPublisher;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * The one path every source uses: classify the message, match the rules, run the matched rules' handlers
 * exactly once per (event id, rule) and per (instance, action). Sources (SQS, HTTP, files, the simulator's
 * bus, Lambda) only move bytes and act on the {@link MessageFate}'s disposition. What happens on the way is
 * published on {@link #events()}.
 */
public final class Intake {

    private final Classifier classifier;
    private final RuleSet rules;
    private final EventDispatcher dispatcher;
    private final Scheduler scheduler;
    private final EventPublisher<IntakeEvent> events;
    private final HandlerRuns runs;
    /** How soon a takeover looks again at a run that waits for its child's lease to expire. */
    private static final Duration CHILD_RESCAN = Duration.ofSeconds(1);

    /**
     * What became of one handler run the journal held open: the record of its continuation, or why it was left.
     * A continuation that finds the run leased by a live owner has a record with status InProgress.
     */
    public record Recovered(String executionId, String rule, String eventId, Optional<HandlerRecord> record,
                            Optional<String> skipped) { }

    private Intake(Builder b) {
        this.classifier = new Classifier(b.region);
        this.rules = b.rules;
        this.scheduler = b.scheduler;
        this.events = new EventPublisher<>();
        IdempotencyStore store = b.store != null ? b.store : IdempotencyStores.inMemory(b.scheduler);
        this.runs = b.journal == null ? null : new HandlerRuns(b.journal, b.owner, b.gone, b.scheduler);
        this.dispatcher = new EventDispatcher(b.cloud, b.scheduler, b.runbooks, store, events, b.ttls, runs, b.scope);
    }

    /**
     * @param cloud where handlers act; its region is the default for events that name none, its scheduler the
     *              intake's clock
     */
    public static Builder builder(RuleSet rules, Cloud cloud) {
        return new Builder(rules, cloud, cloud.scheduler(), cloud.region());
    }

    /** An intake whose handlers make no API calls (the {@code log} handler, tests of the intake itself). */
    public static Builder builder(RuleSet rules, Scheduler scheduler, String region) {
        return new Builder(rules, null, scheduler, region);
    }

    public static final class Builder {
        private final RuleSet rules;
        private final Cloud cloud;
        private final Scheduler scheduler;
        private final String region;
        private RunbookRunner runbooks = (document, parameters) -> CompletableFuture.failedFuture(
                new UnsupportedOperationException("no runbook engine here: runbook " + document + " cannot start"));
        private IdempotencyStore store;
        private IdempotencyTtls ttls = IdempotencyTtls.defaults();
        private Journal journal;
        private String owner;
        private Predicate<String> gone;
        private Scope scope = Scope.ALL;

        private Builder(RuleSet rules, Cloud cloud, Scheduler scheduler, String region) {
            this.rules = Objects.requireNonNull(rules);
            this.cloud = cloud;
            this.scheduler = Objects.requireNonNull(scheduler);
            this.region = Objects.requireNonNull(region);
        }

        /** Starts the runbooks of runbook rules (default: none, a runbook rule's record says so). */
        public Builder runbooks(RunbookRunner runbooks) {
            this.runbooks = Objects.requireNonNull(runbooks);
            return this;
        }

        /** The idempotency keys (default: in memory, {@link IdempotencyStores}). */
        public Builder store(IdempotencyStore store) {
            this.store = Objects.requireNonNull(store);
            return this;
        }

        public Builder ttls(IdempotencyTtls ttls) {
            this.ttls = Objects.requireNonNull(ttls);
            return this;
        }

        /**
         * Journals every handler run in {@code journal} (kind handler, docs/handlers.md), leased to {@code owner}
         * (this process's lease owner id); {@code gone} tells whether another owner id names a dead process, whose
         * runs are then continued at once rather than after their lease expires.
         */
        public Builder journal(Journal journal, String owner, Predicate<String> gone) {
            this.journal = Objects.requireNonNull(journal);
            this.owner = Objects.requireNonNull(owner);
            this.gone = Objects.requireNonNull(gone);
            return this;
        }

        /** The groups and instances handlers may act on (default: every one, {@link Scope#ALL}). */
        public Builder scope(Scope scope) {
            this.scope = Objects.requireNonNull(scope);
            return this;
        }

        public Intake build() {
            return new Intake(this);
        }
    }

    public RuleSet rules() {
        return rules;
    }

    /** What happens to messages, for metrics and logs: subscribe before submitting. */
    public EventPublisher<IntakeEvent> events() {
        return events;
    }

    /** The execution id of the (first) handling of event {@code eventId} by rule {@code rule}: the same on every replica. */
    public static String handlerRunId(String eventId, String rule) {
        return HandlerRuns.executionId(eventId, rule, 1);
    }

    /**
     * Continues the handler runs the journal holds open and no live owner runs (what {@code serve} does at
     * start-up); none without a journal.
     */
    public CompletionStage<List<Recovered>> recover() {
        if (runs == null) return CompletableFuture.completedFuture(List.of());
        return recovered(OpenExecutions.read(runs.store(), runs.gone()));
    }

    /**
     * The same with the journal's open executions already read (serve's start-up reads them once for its runbooks
     * and its handler runs, with the owners this intake's journal was given as dead).
     */
    public CompletionStage<List<Recovered>> recover(OpenExecutions open) {
        if (runs == null) return CompletableFuture.completedFuture(List.of());
        return recovered(CompletableFuture.completedFuture(open));
    }

    private CompletionStage<List<Recovered>> recovered(CompletionStage<OpenExecutions> open) {
        // each run is published as it ends: a recovery of hundreds logs as it goes, not all at its end
        return HandlerRecovery.recover(open, rules, classifier, dispatcher, scheduler, r -> announce(r, ""));
    }

    /** One continued run's {@link IntakeEvent.ExecutionRecovered}; {@code how} prefixes its rule and event. */
    private void announce(Recovered r, String how) {
        events.publish(() -> new IntakeEvent.ExecutionRecovered(scheduler.now(), "handler", r.executionId(),
                r.record().map(x -> x.status().toString()).orElse("left"),
                r.skipped().orElse(how + "rule " + r.rule() + ", event " + r.eventId())));
    }

    /**
     * Continues the handler runs (and their runbook children) a dead replica left on a shared journal, found by
     * their expired leases ({@code Leases.takeable()}), and completes their events' keys as they end, so the
     * queue's later redelivery is deleted as already done (docs/handlers.md, "Taken over by lease"); none without a
     * journal.
     */
    public CompletionStage<List<Recovered>> takeOver() {
        if (runs == null) return CompletableFuture.completedFuture(List.of());
        return HandlerRecovery.takeOver(runs, rules, classifier, dispatcher, scheduler, r -> {
            if (r.skipped().filter(w -> w.startsWith(HandlerRecovery.CHILD_NOT_EXPIRED)).isPresent()) return; // next time
            announce(r, "taken over by lease: ");
        });
    }

    /**
     * {@link #takeOver} every {@code period} on the intake's scheduler until cancelled (serve on a shared journal:
     * a third of the lease ttl), and also as soon as another owner's live lease is due to expire: after each scan
     * the live leases are read and the next scan is put at the earliest expiry of one this replica does not hold
     * (plus {@link #EXPIRY_MARGIN}, at least {@link #CHILD_RESCAN} away), when that comes before the period is up.
     * A dead replica's run is then continued about when its lease expires, not up to a period later (docs/handlers.md,
     * "Taken over by lease"). A scan that fails is published as a warning; the next one still runs.
     */
    public Scheduler.Cancellable takeOverEvery(Duration period) {
        var stopped = new java.util.concurrent.atomic.AtomicBoolean();
        var next = new java.util.concurrent.atomic.AtomicReference<Scheduler.Cancellable>();
        Runnable scan = new Runnable() {
            @Override
            public void run() {
                if (stopped.get()) return;
                CompletionStage<List<Recovered>> done;
                try {
                    done = takeOver();
                } catch (RuntimeException e) {
                    done = CompletableFuture.failedFuture(e);
                }
                done.whenComplete((r, e) -> {
                    if (e != null) events.publish(() -> new IntakeEvent.SourceWarning(scheduler.now(), "takeover",
                            "scanning the journal's leases failed: " + e.getMessage()));
                    // a run waits for its child's lease, which its dead owner renewed a moment later: look again soon
                    else if (!stopped.get() && r.stream().anyMatch(x -> x.skipped().filter(w -> w.startsWith(
                            HandlerRecovery.CHILD_NOT_EXPIRED)).isPresent())) scheduler.schedule(CHILD_RESCAN, this::rescan);
                });
                // the next scan is not held up by this one's runs: they hold their leases, so it skips them
                if (stopped.get()) return;
                if (runs == null) {
                    next.set(scheduler.schedule(period, this));
                    return;
                }
                runs.store().leases().held().whenComplete((held, e) -> {
                    if (!stopped.get()) next.set(scheduler.schedule(e != null ? period
                            : nextScan(held, runs.owner(), scheduler.now(), period), this));
                });
            }

            private void rescan() {
                if (stopped.get()) return;
                takeOver().whenComplete((r, e) -> {
                    if (e == null && !stopped.get() && r.stream().anyMatch(x -> x.skipped().filter(w -> w.startsWith(
                            HandlerRecovery.CHILD_NOT_EXPIRED)).isPresent())) scheduler.schedule(CHILD_RESCAN, this::rescan);
                });
            }
        };
        next.set(scheduler.schedule(period, scan));
        return () -> {
            stopped.set(true);
            Scheduler.Cancellable n = next.get();
            return n != null && n.cancel();
        };
    }

    /** A scan put at a lease's expiry runs this long after it: the store decides expiry on its own reading of the clock. */
    static final Duration EXPIRY_MARGIN = Duration.ofMillis(250);

    /**
     * When the next takeover scan is due: at the earliest expiry (plus the margin) of a live lease another owner
     * holds, when that is sooner than {@code period}; never sooner than {@link #CHILD_RESCAN}.
     */
    static Duration nextScan(List<dev.fleetops.journal.Lease> held, String owner, java.time.Instant now, Duration period) {
        Duration next = period;
        for (dev.fleetops.journal.Lease l : held) {
            if (l.owner().equals(owner)) continue;
            Duration d = Duration.between(now, l.expiresAt()).plus(EXPIRY_MARGIN);
            if (d.compareTo(next) < 0) next = d;
        }
        return next.compareTo(CHILD_RESCAN) < 0 ? CHILD_RESCAN : next;
    }

    /** Drops expired idempotency entries (the daemon calls it periodically); returns how many. */
    public int gc() {
        return dispatcher.store().gc();
    }

    /**
     * Whether {@link #submit} may wait on the network before it returns (its idempotency claim is a DynamoDB call):
     * then a source hands each message to its own worker; otherwise one worker may submit a receive's messages in turn.
     */
    public boolean submitWaitsOnNetwork() {
        return dispatcher.store().remote();
    }

    /** Classification only, nothing counted or handled: why {@code tree} would be rejected, if it would. */
    public Optional<String> precheck(JsonNode tree) {
        Classified c = classifier.classify(tree, "", scheduler.now(), false);
        return c instanceof Classified.Rejected r ? Optional.of(r.reason()) : Optional.empty();
    }

    public CompletionStage<MessageFate> submit(String source, String body) {
        received(source);
        return after(source, classifier.classify(body, scheduler.now()));
    }

    /** A tree already parsed (a JSON array's element, the simulator's bus). */
    public CompletionStage<MessageFate> submit(String source, JsonNode tree) {
        received(source);
        return after(source, classifier.classify(tree, tree.toString(), scheduler.now(), false));
    }

    /** A message its source could not even hand over (an HTTP body that is not JSON): counted as rejected. */
    public MessageFate reject(String source, String reason) {
        received(source);
        return rejected(source, reason);
    }

    private void received(String source) {
        events.publish(() -> new IntakeEvent.Received(scheduler.now(), source));
    }

    private MessageFate rejected(String source, String reason) {
        events.publish(() -> new IntakeEvent.Rejected(scheduler.now(), source, reason));
        return new MessageFate.Rejected(reason);
    }

    private CompletionStage<MessageFate> after(String source, Classified c) {
        if (c instanceof Classified.Rejected r) return CompletableFuture.completedFuture(rejected(source, r.reason()));
        if (c instanceof Classified.Acknowledged a) {
            events.publish(() -> new IntakeEvent.Acknowledged(scheduler.now(), source, a.reason()));
            return CompletableFuture.completedFuture(new MessageFate.Acknowledged(a.reason()));
        }
        Classified.Accepted accepted = (Classified.Accepted) c;
        Event event = accepted.event();
        events.publish(() -> {
            Instant now = scheduler.now();
            return new IntakeEvent.Accepted(now, source, event,
                    event.time().map(t -> now.isAfter(t) ? Duration.between(t, now) : Duration.ZERO));
        });
        List<Rule> matched = rules.match(accepted.envelope());
        events.publish(() -> new IntakeEvent.Matched(scheduler.now(), event, matched.stream().map(Rule::name).toList()));
        if (matched.isEmpty()) return CompletableFuture.completedFuture(new MessageFate.Unmatched(event));
        return dispatcher.dispatch(event, matched).thenApply(records -> new MessageFate.Handled(event, records));
    }
}

package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.InTurn;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Lease;
import dev.fleetops.journal.Leases;
import dev.fleetops.journal.OpenExecution;
import dev.fleetops.journal.OpenExecutions;
import dev.fleetops.journal.Recorded;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateControlledRun;
import dev.fleetops.runbook.rate.TargetLocations;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finishes the runbook executions a journal holds that no live owner runs (docs/recovery.md): each one whose lease
 * could be acquired (expired, or its owner a dead process of this host) starts again under its id; steps with a
 * result are restored with their outputs, the interrupted step runs again with the same call tokens, and the
 * children of aws:executeAutomation steps resume under their ids in turn. The engine must write to the same journal
 * ({@link RunbookEngine.Builder#journal(Journal, String)}).
 */
public final class Recovery {

    /** What became of one open execution: its final record, or why it was left alone. */
    public record Outcome(String executionId, String document, Optional<ExecutionRecord> record, Optional<String> skipped) { }

    /** Why an execution was left alone: another process holds its lease and renews it. */
    static final String LIVE = "leased by a live owner";

    private Recovery() { }

    /** Recovers every open top-level runbook execution of {@code journal}; children resume with their parents. */
    public static CompletionStage<List<Outcome>> recoverAll(RunbookEngine engine, Journal journal, String owner) {
        // the leases are read once: an execution a live owner holds is left to it without reading or leasing it
        return OpenExecutions.read(journal, Owners::deadOnThisHost).thenCompose(open -> recoverAll(engine, journal, owner, open));
    }

    /**
     * The same with the open executions already read ({@code OpenExecutions.read} with {@link Owners#deadOnThisHost}):
     * serve's start-up reads them once for its runbooks and its handler runs.
     */
    public static CompletionStage<List<Outcome>> recoverAll(RunbookEngine engine, Journal journal, String owner,
                                                            OpenExecutions open) {
        DurableJournal durable = engine.durable().orElseThrow(() -> new IllegalArgumentException(
                "the engine does not write to a journal: build it with journal(store, owner)"));
        Set<String> ids = new HashSet<>();
        open.all().forEach(o -> ids.add(o.executionId()));
        List<OpenExecution> tops = open.all().stream().filter(o -> o.started().kind() == ExecutionKind.RUNBOOK)
                .filter(o -> o.started().parentId().filter(ids::contains).isEmpty()) // resumes with its parent
                .toList();
        // in turn, oldest first, each leased when its turn comes (docs/recovery.md)
        return InTurn.run(tops, engine.scheduler(), o -> open.liveOwner(o.executionId()).isPresent()
                ? CompletableFuture.completedFuture(new Outcome(o.executionId(), o.started().runs(), Optional.empty(), Optional.of(LIVE)))
                : recover(engine, durable, journal, owner, o));
    }

    /**
     * Execution {@code id} of {@code document}, a child of {@code parentId} (a handler's run): continued from the
     * journal when it holds it (one that ended gives back its record and runs nothing), else started under that id.
     */
    static CompletionStage<Execution> resumeOrStart(RunbookEngine engine, String document, Map<String, List<String>> parameters,
                                                    String id, String parentId) {
        Optional<DurableJournal> durable = engine.durable();
        if (durable.isEmpty()) return engine.restart(document, parameters, id, Optional.of(parentId));
        Journal journal = durable.get().store();
        String owner = durable.get().owner();
        return journal.history(id).thenCompose(history -> {
            if (history.isEmpty()) return engine.restart(document, parameters, id, Optional.of(parentId));
            return leaseUnlessEnded(journal, owner, id, history, "runbook execution " + id)
                    .thenCompose(l -> prepare(engine, durable.get(), journal, owner, id, history, l.orElse(null)))
                    .thenCompose(v -> engine.restart(document, parameters, id, Optional.of(parentId)));
        });
    }

    /**
     * Rate-controlled parent {@code id} of {@code plan}, a part of execution {@code parentId} that is itself being
     * recovered (a maintenance window's AUTOMATION task): started under that id when the journal has none of it,
     * else run on as {@code recoverAll} runs a parent (ended children give back their records, the open one resumes,
     * the rest start); one that had ended gives back its record and writes nothing.
     */
    public static CompletionStage<RateControlledRun> resumeParent(RunbookEngine engine, RateControl.Plan plan, String id,
                                                                  String parentId) {
        DurableJournal durable = engine.durable().orElseThrow(() -> new IllegalArgumentException(
                "the engine does not write to a journal: build it with journal(store, owner)"));
        Journal journal = durable.store();
        String owner = durable.owner();
        return journal.history(id).thenCompose(history -> {
            if (history.isEmpty()) {
                return CompletableFuture.completedFuture(engine.rateControl().start(plan, id, Optional.of(parentId)));
            }
            Entry.Started s = (Entry.Started) history.get(0).entry();
            return readiedParent(engine, durable, journal, owner, id, history).thenApply(v -> engine.rateControl().resume(plan, id, s.at()));
        });
    }

    /**
     * Readies execution {@code id} to continue from the journal when it holds it (its history registered with
     * {@code engine}, its lease taken over from a dead owner, its children's too), so that starting it under that id
     * resumes it (an ended one gives back its record); nothing when the journal has none of it or there is none.
     * A TargetLocations location's child ({@link LocationChildren}).
     */
    static CompletionStage<Void> prepareChild(RunbookEngine engine, String id) {
        Optional<DurableJournal> durable = engine.durable();
        if (durable.isEmpty()) return CompletableFuture.completedFuture(null);
        Journal journal = durable.get().store();
        String owner = durable.get().owner();
        return journal.history(id).thenCompose(history -> history.isEmpty() ? CompletableFuture.completedFuture(null)
                : leaseUnlessEnded(journal, owner, id, history, "runbook execution " + id)
                        .thenCompose(l -> prepare(engine, durable.get(), journal, owner, id, history, l.orElse(null))));
    }

    /**
     * Readies rate-controlled parent {@code id} to run on from the journal when it holds it (its lease taken over or,
     * ended, replayed only; its children readied), and gives its {@code started} entry: the plan it journaled and
     * when it began; empty when the journal has none of it (it is then started afresh). A TargetLocations location's
     * rate-controlled parent ({@link LocationChildren}).
     */
    static CompletionStage<Optional<Entry.Started>> prepareParent(RunbookEngine engine, String id) {
        Optional<DurableJournal> durable = engine.durable();
        if (durable.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
        Journal journal = durable.get().store();
        String owner = durable.get().owner();
        return journal.history(id).thenCompose(history -> {
            if (history.isEmpty()) return CompletableFuture.completedFuture(Optional.<Entry.Started>empty());
            Entry.Started s = (Entry.Started) history.get(0).entry();
            return readiedParent(engine, durable.get(), journal, owner, id, history).thenApply(v -> Optional.of(s));
        });
    }

    private static CompletionStage<Outcome> recover(RunbookEngine engine, DurableJournal durable, Journal journal, String owner,
                                                    OpenExecution o) {
        Entry.Started s = o.started();
        return journal.leases().acquireFrom(o.executionId(), owner, Leases.DEFAULT_TTL, Owners::deadOnThisHost).thenCompose(lease -> {
            if (lease.isEmpty()) {
                return CompletableFuture.completedFuture(new Outcome(o.executionId(), s.runs(), Optional.empty(),
                        Optional.of(LIVE)));
            }
            if (RateControl.Plan.isParent(s.parameters())) return recoverParent(engine, durable, journal, owner, o, lease.get());
            return journal.history(o.executionId())
                    .thenCompose(history -> prepare(engine, durable, journal, owner, o.executionId(), history, lease.get()))
                    .thenCompose(v -> s.parameters().containsKey(CommandDocuments.WRAPPER)
                            ? engine.restartCommand(s.parameters().get(CommandDocuments.WRAPPER), o.executionId(), s.parentId())
                            : engine.restart(s.runs(), s.parameters(), o.executionId(), s.parentId()))
                    .thenCompose(Execution::result)
                    .thenApply(r -> new Outcome(o.executionId(), s.runs(), Optional.of(r), Optional.empty()));
        });
    }

    /**
     * A rate-controlled parent runs on under its id with the targets and limits it journaled when it started (a tag
     * is not resolved again): its children, started again in target order under their ids, resume when open and
     * give back their records when ended; the rest start.
     */
    private static CompletionStage<Outcome> recoverParent(RunbookEngine engine, DurableJournal durable, Journal journal,
                                                          String owner, OpenExecution o, Lease lease) {
        Entry.Started s = o.started();
        Optional<TargetLocations.Journaled> across = TargetLocations.fromJournal(s.runs(), s.parameters());
        if (across.isPresent() && engine.reachesLocations()) {
            // its locations' children resume in their own engines (LocationChildren), each from its own journal
            durable.adopt(lease);
            return engine.acrossLocations(across.get().locations(), across.get().perLocation())
                    .resume(across.get().plan(s.runs()), o.executionId(), s.at()).record()
                    .thenApply(r -> new Outcome(o.executionId(), s.runs(), Optional.of(r), Optional.empty()));
        }
        Optional<RateControl.Plan> plan = RateControl.Plan.fromJournal(s.runs(), s.parameters());
        if (plan.isEmpty()) {
            journal.leases().release(lease);
            return CompletableFuture.completedFuture(new Outcome(o.executionId(), s.runs(), Optional.empty(),
                    Optional.of(RateControl.Plan.isLocations(s.parameters())
                            ? across.isEmpty() ? "a TargetLocations parent journaled without its locations' roles (by an"
                                    + " older fleetops); run it again"
                                    : "a TargetLocations parent: this engine reaches no other accounts and Regions"
                            : "a maintenance window's task whose window execution is not open in the journal")));
        }
        durable.adopt(lease);
        return children(engine, durable, journal, owner, o.executionId(), 1)
                .thenCompose(v -> engine.rateControl().resume(plan.get(), o.executionId(), s.at()).record())
                .thenApply(r -> new Outcome(o.executionId(), s.runs(), Optional.of(r), Optional.empty()));
    }

    /**
     * The lease to continue execution {@code id} under, its {@code history} read: none for one that ended (it is
     * replayed, not written to); taken over when expired or its owner is a dead process of this host; failed
     * ("WHAT is leased by a live owner") when another owner holds it. The one place recovery decides this.
     */
    private static CompletionStage<Optional<Lease>> leaseUnlessEnded(Journal journal, String owner, String id,
                                                                     List<Recorded> history, String what) {
        if (ended(history)) return CompletableFuture.completedFuture(Optional.empty());
        return journal.leases().acquireFrom(id, owner, Leases.DEFAULT_TTL, Owners::deadOnThisHost).thenApply(l -> {
            if (l.isEmpty()) throw new IllegalStateException(what + " is leased by a live owner");
            return l;
        });
    }

    private static boolean ended(List<Recorded> history) {
        return history.get(history.size() - 1).entry() instanceof Entry.Ended;
    }

    /** A rate-controlled parent with a journal: leased (or, ended, replayed only) and its children readied. */
    private static CompletionStage<Void> readiedParent(RunbookEngine engine, DurableJournal durable, Journal journal,
                                                       String owner, String id, List<Recorded> history) {
        return leaseUnlessEnded(journal, owner, id, history, "rate-controlled run " + id).thenCompose(l -> {
            if (l.isEmpty()) durable.replayOnly(id);
            else durable.adopt(l.get());
            return children(engine, durable, journal, owner, id, 1);
        });
    }

    /**
     * Registers what execution {@code id} did ({@code history}, read by the caller), and then its children's (ids
     * derive from the parent's, 1, 2, ... until one has no journal), so each resumes when started again.
     */
    private static CompletionStage<Void> prepare(RunbookEngine engine, DurableJournal durable, Journal journal, String owner,
                                                 String id, List<Recorded> history, Lease lease) {
        if (history.isEmpty()) return CompletableFuture.completedFuture(null);
        Restored restored = Restored.of(history);
        engine.resumeAs(id, restored);
        if (restored.ended) durable.replayOnly(id);
        else durable.adopt(lease);
        return children(engine, durable, journal, owner, id, 1);
    }

    private static CompletionStage<Void> children(RunbookEngine engine, DurableJournal durable, Journal journal, String owner,
                                                  String parent, int n) {
        String childId = ExecutionIds.child(parent, n);
        return journal.history(childId).thenCompose(history -> {
            if (history.isEmpty()) return CompletableFuture.completedFuture(null);
            return leaseUnlessEnded(journal, owner, childId, history, "child execution " + childId + " of " + parent)
                    .thenCompose(l -> prepare(engine, durable, journal, owner, childId, history, l.orElse(null)))
                    .thenCompose(v -> children(engine, durable, journal, owner, parent, n + 1));
        });
    }
}

package dev.fleetops.events;

import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.InTurn;
import dev.fleetops.journal.Lease;
import dev.fleetops.journal.OpenExecution;
import dev.fleetops.journal.OpenExecutions;
import dev.fleetops.time.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Continues the handler runs a journal holds open (a process died, or stopped, while handling their events): each
 * event is read back from its run's {@code started} entry and handled again by its rule, through the dispatcher,
 * so the claims, the lease and the journal's recorded results all apply: calls that have a result are not sent
 * again. A run whose rule is no longer in the rules, or whose event no longer reads, is left as it is.
 *
 * <p>{@link #takeOver} is the same for the runs of a dead replica on a shared journal, found by their leases
 * ({@code Leases.takeable()}: expired, never released) instead of by listing every open execution.
 */
final class HandlerRecovery {

    private HandlerRecovery() { }

    static CompletionStage<List<Intake.Recovered>> recover(CompletionStage<OpenExecutions> read, RuleSet rules, Classifier classifier,
                                                           EventDispatcher dispatcher, Scheduler scheduler,
                                                           Consumer<Intake.Recovered> each) {
        // continued on the scheduler, like any work (not on the journal's callback thread); on virtual time the list
        // is awaited first, so the clock cannot run past the moment the continuation is queued
        // only the runs no live owner holds: on a shared journal the others are the replicas' own, and reading and
        // leasing each of them (to be refused) would queue in the store ahead of live work
        CompletionStage<List<OpenExecution>> listed = read.thenApply(OpenExecutions::takeable);
        if (scheduler.isVirtual()) listed = CompletableFuture.completedFuture(listed.toCompletableFuture().join());
        // in turn, oldest first: each run's lease is taken when it is continued, so a replica killed meanwhile has
        // finished the first ones and leaves few leases to expire (docs/recovery.md)
        return listed.thenComposeAsync(open -> InTurn.run(open.stream().filter(o -> o.started().kind() == ExecutionKind.HANDLER).toList(),
                scheduler, o -> told(one(o, rules, classifier, dispatcher, scheduler), each)), scheduler.executor());
    }

    /**
     * Tells {@code each} about a run as soon as it is done (a log line per run, not one burst at the end); a listener
     * that throws does not turn a finished run into a failed one.
     */
    private static <T> CompletionStage<T> told(CompletionStage<T> run, Consumer<T> each) {
        return run.thenApply(r -> {
            try {
                each.accept(r);
            } catch (RuntimeException listenerFailed) {
                // the run's outcome stands; only its announcement is lost
            }
            return r;
        });
    }

    /**
     * Continues the handler runs whose leases a dead owner let expire (their runbook children continue with them):
     * the leases are listed, each one's history read, and every open run of kind handler handled again by its rule.
     * A lease left on a run that ended (its owner died between the end and the release) is taken and released, so
     * it is not listed again; other kinds (a runbook child, a top-level runbook for {@code recover}) are left.
     */
    static CompletionStage<List<Intake.Recovered>> takeOver(HandlerRuns runs, RuleSet rules, Classifier classifier,
                                                            EventDispatcher dispatcher, Scheduler scheduler,
                                                            Consumer<Intake.Recovered> each) {
        // nothing here waits on the store: each lease's history is read asynchronously, and a run is continued on the
        // scheduler (like any work), not on the journal's callback thread
        return awaited(scheduler, runs.store().leases().takeable()).thenComposeAsync(leases -> InTurn.run(leases, scheduler,
                        (Lease l) -> told(considered(l, leases, runs, rules, classifier, dispatcher, scheduler),
                                (Optional<Intake.Recovered> r) -> r.ifPresent(each)))
                .thenApply(all -> all.stream().flatMap(Optional::stream).toList()), scheduler.executor());
    }

    /** What becomes of one takeable lease: empty when it is not a handler run's, or the run had ended. */
    private static CompletionStage<Optional<Intake.Recovered>> considered(Lease l, List<Lease> takeable, HandlerRuns runs,
                                                                          RuleSet rules, Classifier classifier,
                                                                          EventDispatcher dispatcher, Scheduler scheduler) {
        return awaited(scheduler, runs.store().history(l.resource())).thenCompose(h -> {
            if (h.isEmpty() || !(h.get(0).entry() instanceof Entry.Started s) || s.kind() != ExecutionKind.HANDLER) {
                return CompletableFuture.completedFuture(Optional.<Intake.Recovered>empty());
            }
            if (h.get(h.size() - 1).entry() instanceof Entry.Ended) {
                runs.clear(l.resource());
                return CompletableFuture.completedFuture(Optional.<Intake.Recovered>empty());
            }
            OpenExecution o = new OpenExecution(l.resource(), s, h.get(h.size() - 1).sequence());
            // the dead owner renewed its child's lease a moment after the run's: continuing the run now would find
            // the child "leased by a live owner" and fail the run, so it waits for the child's lease to expire too
            return heldChild(runs, l.resource(), 1, takeable, scheduler).thenComposeAsync(child -> child.isPresent()
                    ? skipped(o, first(o, HandlerRuns.RULE), first(o, HandlerRuns.EVENT_ID), CHILD_NOT_EXPIRED + child.get())
                    : one(o, rules, classifier, dispatcher, scheduler), scheduler.executor()).thenApply(Optional::of);
        });
    }

    /** The start of the reason a run is not taken over yet: one of its runbook children is still leased. */
    static final String CHILD_NOT_EXPIRED = "its runbook child's lease has not expired yet: ";

    /** An open runbook child of run {@code runId} (the {@code n}th or later) whose lease is not among the takeable ones. */
    private static CompletionStage<Optional<String>> heldChild(HandlerRuns runs, String runId, int n, List<Lease> takeable,
                                                               Scheduler scheduler) {
        String id = HandlerRun.childId(runId, n);
        return awaited(scheduler, runs.store().history(id)).thenCompose(h -> {
            if (h.isEmpty()) return CompletableFuture.completedFuture(Optional.<String>empty());
            boolean open = !(h.get(h.size() - 1).entry() instanceof Entry.Ended);
            if (open && takeable.stream().noneMatch(l -> l.resource().equals(id))) {
                return CompletableFuture.completedFuture(Optional.of(id));
            }
            return heldChild(runs, runId, n + 1, takeable, scheduler);
        });
    }

    /** On virtual time a store's answer is awaited at once: the clock must not run past it (docs/journal.md). */
    private static <T> CompletionStage<T> awaited(Scheduler scheduler, CompletionStage<T> stage) {
        return scheduler.isVirtual() ? CompletableFuture.completedFuture(stage.toCompletableFuture().join()) : stage;
    }

    private static CompletionStage<Intake.Recovered> one(OpenExecution o, RuleSet rules, Classifier classifier,
                                                         EventDispatcher dispatcher, Scheduler scheduler) {
        String ruleName = first(o, HandlerRuns.RULE);
        String eventId = first(o, HandlerRuns.EVENT_ID);
        Optional<Rule> rule = rules.rules().stream().filter(r -> r.name().equals(ruleName)).findFirst();
        if (rule.isEmpty()) return skipped(o, ruleName, eventId, "rule " + ruleName + " is not in the rules any more");
        Classified c = classifier.classify(first(o, HandlerRuns.EVENT), scheduler.now());
        if (!(c instanceof Classified.Accepted a)) return skipped(o, ruleName, eventId, "its event does not read as an event any more");
        return dispatcher.dispatch(a.event(), rule.get()).thenApply(r -> new Intake.Recovered(o.executionId(), ruleName, eventId,
                Optional.of(r), Optional.empty()));
    }

    private static CompletionStage<Intake.Recovered> skipped(OpenExecution o, String rule, String eventId, String why) {
        return CompletableFuture.completedFuture(new Intake.Recovered(o.executionId(), rule, eventId,
                Optional.<HandlerRecord>empty(), Optional.of(why)));
    }

    private static String first(OpenExecution o, String parameter) {
        List<String> v = o.started().parameters().get(parameter);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }
}

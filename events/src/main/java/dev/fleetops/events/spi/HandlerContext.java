package dev.fleetops.events.spi;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.time.Scheduler;

import java.util.function.Consumer;

/**
 * What a handler gets for one event besides the event itself (its deadline is {@link Event#deadline()}; its
 * settings were read by its {@link HandlerFactory} at load).
 *
 * @param runbooks    starts runbooks (the runbook handler, lifecycle-hook's optional runbook)
 * @param recorder    where API calls, steps, notes and deadline notes go
 * @param idempotency the shared key store, for handlers that deduplicate themselves
 * @param effects     where the handler reports what it did to an instance as it happens (metrics and logs
 *                    listen); see {@link #effect}
 * @param journal     the run's journal ({@link HandlerJournal#NONE} when it is not journaled)
 * @param scope       the groups and instances handlers may act on ({@link Scope#ALL}: every one)
 */
public record HandlerContext(
        Cloud cloud,
        Scheduler scheduler,
        RunbookRunner runbooks,
        Recorder recorder,
        IdempotencyStore idempotency,
        Consumer<Effect> effects,
        HandlerJournal journal,
        Scope scope) {

    /** A run that is not journaled, acting on every group. */
    public HandlerContext(Cloud cloud, Scheduler scheduler, RunbookRunner runbooks, Recorder recorder,
                          IdempotencyStore idempotency, Consumer<Effect> effects) {
        this(cloud, scheduler, runbooks, recorder, idempotency, effects, HandlerJournal.NONE, Scope.ALL);
    }

    /** A run acting on every group. */
    public HandlerContext(Cloud cloud, Scheduler scheduler, RunbookRunner runbooks, Recorder recorder,
                          IdempotencyStore idempotency, Consumer<Effect> effects, HandlerJournal journal) {
        this(cloud, scheduler, runbooks, recorder, idempotency, effects, journal, Scope.ALL);
    }

    /** Reports that the handler did {@code action} to {@code instanceId} (e.g. {@link Effect#HEARTBEAT}). */
    public void effect(String instanceId, String action) {
        effects.accept(new Effect(instanceId, action));
    }

    /**
     * Runs {@code document} as this run's {@code n}th runbook: a child of the run when it is journaled (a
     * continued run finds the runbook it started and continues it), else a plain run.
     */
    public java.util.concurrent.CompletionStage<dev.fleetops.execution.ExecutionRecord> runbook(
            int n, String document, java.util.Map<String, java.util.List<String>> parameters) {
        var parent = journal.executionId();
        var child = journal.childId(n);
        if (parent.isEmpty() || child.isEmpty()) return runbooks.run(document, parameters);
        return runbooks.runChild(document, parameters, child.get(), parent.get(), journal.tokenScope(n).orElse(child.get()));
    }
}

package dev.fleetops.events;

import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.OpenExecution;
import dev.fleetops.time.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Continues the handler runs a journal holds open (a process died, or stopped, while handling their events): each
 * event is read back from its run's {@code started} entry and handled again by its rule, through the dispatcher,
 * so the claims, the lease and the journal's recorded results all apply: calls that have a result are not sent
 * again. A run whose rule is no longer in the rules, or whose event no longer reads, is left as it is.
 */
final class HandlerRecovery {

    private HandlerRecovery() { }

    static CompletionStage<List<Intake.Recovered>> recover(HandlerRuns runs, RuleSet rules, Classifier classifier,
                                                           EventDispatcher dispatcher, Scheduler scheduler) {
        // continued on the scheduler, like any work (not on the journal's callback thread); on virtual time the list
        // is awaited first, so the clock cannot run past the moment the continuation is queued
        CompletionStage<List<OpenExecution>> listed = runs.store().open();
        if (scheduler.isVirtual()) listed = CompletableFuture.completedFuture(listed.toCompletableFuture().join());
        return listed.thenComposeAsync(open -> {
            List<CompletableFuture<Intake.Recovered>> all = new ArrayList<>();
            for (OpenExecution o : open) {
                if (o.started().kind() != ExecutionKind.HANDLER) continue;
                all.add(one(o, rules, classifier, dispatcher, scheduler).toCompletableFuture());
            }
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
        }, scheduler.executor());
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

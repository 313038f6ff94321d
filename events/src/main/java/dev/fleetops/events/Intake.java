package dev.fleetops.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The one path every source uses: classify the message, match the rules, dispatch to handlers, count. Sources
 * (SQS, HTTP, files, the simulator's bus) only move bytes and act on the {@link Outcome}'s disposition.
 */
public final class Intake {

    private final Classifier classifier;
    private final RuleSet rules;
    private final EventDispatcher dispatcher;
    private final EventMetrics metrics;
    private final Scheduler scheduler;
    private final Consumer<String> log;

    /** @param log where rejected and acknowledged messages are reported, one line each */
    public Intake(Classifier classifier, RuleSet rules, EventDispatcher dispatcher, EventMetrics metrics,
                  Scheduler scheduler, Consumer<String> log) {
        this.classifier = classifier;
        this.rules = rules;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.log = log;
    }

    public RuleSet rules() {
        return rules;
    }

    /** Drops expired idempotency entries (the daemon calls it periodically); returns how many. */
    public int gc() {
        return dispatcher.store().gc();
    }

    public EventMetrics metrics() {
        return metrics;
    }

    /** Classification only, nothing counted or handled: why {@code tree} would be rejected, if it would. */
    public java.util.Optional<String> precheck(JsonNode tree) {
        Classified c = classifier.classify(tree, "", scheduler.now(), false);
        return c instanceof Classified.Rejected r ? java.util.Optional.of(r.reason()) : java.util.Optional.empty();
    }

    public CompletionStage<Outcome> submit(String source, String body) {
        metrics.received(source);
        return after(source, classifier.classify(body, scheduler.now()));
    }

    /** A tree already parsed (a JSON array's element, the simulator's bus). */
    public CompletionStage<Outcome> submit(String source, JsonNode tree) {
        metrics.received(source);
        return after(source, classifier.classify(tree, tree.toString(), scheduler.now(), false));
    }

    private CompletionStage<Outcome> after(String source, Classified c) {
        if (c instanceof Classified.Rejected r) {
            metrics.rejected(r.reason());
            log.accept("rejected message from " + source + ": " + r.reason());
            return CompletableFuture.completedFuture(new Outcome.Rejected(r.reason()));
        }
        if (c instanceof Classified.Acknowledged a) {
            metrics.acknowledged();
            log.accept("acknowledged and dropped: " + a.reason());
            return CompletableFuture.completedFuture(new Outcome.Acknowledged(a.reason()));
        }
        Event event = ((Classified.Accepted) c).event();
        event.time().ifPresent(t -> {
            Instant now = scheduler.now();
            metrics.lag(now.isAfter(t) ? Duration.between(t, now) : Duration.ZERO);
        });
        List<Rule> matched = rules.match(event);
        if (matched.isEmpty()) return CompletableFuture.completedFuture(new Outcome.Unmatched(event));
        for (Rule r : matched) metrics.matched(r.name());
        return dispatcher.dispatch(event, matched).thenApply(records -> new Outcome.Handled(event, records));
    }
}

package dev.fleetops.cli.events;

import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.Classifier;
import dev.fleetops.events.EventDispatcher;
import dev.fleetops.events.EventMetrics;
import dev.fleetops.events.InMemoryIdempotencyStore;
import dev.fleetops.events.Intake;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.runbook.RunbookRunner;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.time.Scheduler;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Builds the intake the CLI commands use: built-in handlers, the rules file, an in-memory idempotency store. */
final class SimIntake {

    private SimIntake() { }

    /** No runbook engine is wired into the CLI yet: a runbook rule's record says so instead of running. */
    static Intake build(Path rules, Cloud cloud, Scheduler scheduler, EventMetrics metrics, RunbookRunner runbooks,
                        EventDispatcher.Settings settings, Consumer<String> log) {
        RuleSet ruleSet = RuleSet.load(rules, BuiltInHandlers.registry());
        EventDispatcher d = new EventDispatcher(cloud, scheduler, runbooks, new InMemoryIdempotencyStore(scheduler),
                metrics, settings);
        return new Intake(new Classifier(cloud.region()), ruleSet, d, metrics, scheduler, log);
    }
}

package dev.fleetops.cli.events;

import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.Classifier;
import dev.fleetops.events.EventDispatcher;
import dev.fleetops.events.EventMetrics;
import dev.fleetops.events.HandlerRegistry;
import dev.fleetops.events.IdempotencyStore;
import dev.fleetops.events.InMemoryIdempotencyStore;
import dev.fleetops.handlers.decommission.DecommissionHandler;
import dev.fleetops.handlers.decommission.Inventory;
import dev.fleetops.events.Intake;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.time.Scheduler;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Builds the intake the CLI commands use: built-in handlers, the rules file, an idempotency store (in memory unless given). */
final class SimIntake {

    private SimIntake() { }

    /** No runbook engine is wired into the CLI yet: a runbook rule's record says so instead of running. */
    static Intake build(Path rules, Cloud cloud, Scheduler scheduler, EventMetrics metrics, RunbookRunner runbooks,
                        EventDispatcher.Settings settings, Consumer<String> log) {
        return build(rules, cloud, scheduler, metrics, runbooks, settings, new InMemoryIdempotencyStore(scheduler),
                Optional.empty(), log);
    }

    /** The daemon's intake over its stores; {@code inventory} replaces every decommission rule's own inventory. */
    static Intake build(Path rules, Cloud cloud, Scheduler scheduler, EventMetrics metrics, RunbookRunner runbooks,
                        EventDispatcher.Settings settings, IdempotencyStore store, Optional<Inventory> inventory,
                        Consumer<String> log) {
        HandlerRegistry registry = BuiltInHandlers.registry();
        inventory.ifPresent(i -> registry.replace(DecommissionHandler.factory(i, "a shared DynamoDB table")));
        RuleSet ruleSet = RuleSet.load(rules, registry);
        EventDispatcher d = new EventDispatcher(cloud, scheduler, runbooks, store, metrics, settings);
        return new Intake(new Classifier(cloud.region()), ruleSet, d, metrics, scheduler, log);
    }
}

package dev.fleetops.cli.events;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.IdempotencyTtls;
import dev.fleetops.events.Intake;
import dev.fleetops.events.rules.HandlerRegistry;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.events.spi.Scope;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.handlers.decommission.DecommissionHandler;
import dev.fleetops.handlers.decommission.Inventory;
import dev.fleetops.journal.Journal;
import dev.fleetops.runbook.engine.Owners;

import java.nio.file.Path;
import java.util.Optional;

/** Builds the intake the CLI commands use: built-in handlers, the rules file, an idempotency store (in memory unless given). */
final class SimIntake {

    private SimIntake() { }

    /** The commands' intake: in-memory idempotency, the rules' own stores. */
    static Intake build(Path rules, Cloud cloud, RunbookRunner runbooks) {
        return build(rules, cloud, runbooks, IdempotencyTtls.defaults(), IdempotencyStores.inMemory(cloud.scheduler()),
                Optional.empty());
    }

    /**
     * The daemon's intake over its stores; {@code inventory} replaces every decommission rule's own inventory.
     * Metrics and logs subscribe to the result's {@link Intake#events()}.
     */
    static Intake build(Path rules, Cloud cloud, RunbookRunner runbooks, IdempotencyTtls ttls, IdempotencyStore store,
                        Optional<Inventory> inventory) {
        return builder(rules, cloud, runbooks, ttls, store, inventory).build();
    }

    /**
     * As above, every handler run journaled in {@code journal} under lease owner {@code owner} (this process), the
     * handlers acting on the groups of {@code scope}.
     */
    static Intake build(Path rules, Cloud cloud, RunbookRunner runbooks, IdempotencyTtls ttls, IdempotencyStore store,
                        Optional<Inventory> inventory, Journal journal, String owner, Scope scope) {
        return builder(rules, cloud, runbooks, ttls, store, inventory).journal(journal, owner, Owners::deadOnThisHost)
                .scope(scope).build();
    }

    private static Intake.Builder builder(Path rules, Cloud cloud, RunbookRunner runbooks, IdempotencyTtls ttls,
                                          IdempotencyStore store, Optional<Inventory> inventory) {
        HandlerRegistry registry = BuiltInHandlers.registry();
        inventory.ifPresent(i -> registry.replace(DecommissionHandler.factory(i, "a shared DynamoDB table")));
        Intake.Builder b = Intake.builder(RuleSet.load(rules, registry), cloud).store(store).ttls(ttls);
        if (runbooks != null) b.runbooks(runbooks);
        return b;
    }
}

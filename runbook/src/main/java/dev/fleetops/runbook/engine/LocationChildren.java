package dev.fleetops.runbook.engine;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.Locations;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateControlRequest;
import dev.fleetops.runbook.rate.RateControlledRun;
import dev.fleetops.runbook.rate.TargetLocations;
import dev.fleetops.runbook.rate.TargetResolver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The children of a TargetLocations parent ("AWS Systems Manager User Guide": Running automations in multiple AWS
 * Regions and accounts): the {@code n}th location's cloud reached through the home cloud's {@link Locations} (its
 * execution role assumed), an engine there writing to the same journal, and in it the document once or, with
 * per-location targets, a rate-controlled parent over the targets resolved in that account and Region, as execution
 * {@code ExecutionIds.child(parent, n)}. Each is continued from the journal when it holds it (a recovered parent:
 * an ended location gives back its record, an open one resumes with the targets it journaled), so a live parent and
 * a recovered one run this same code.
 */
final class LocationChildren implements RateControl.Children {

    private final TargetLocations locations;
    private final Optional<RateControlRequest> perLocation;
    private final Locations reach;
    private final Function<Cloud, RunbookEngine> there;

    LocationChildren(TargetLocations locations, Optional<RateControlRequest> perLocation, Locations reach,
                     Function<Cloud, RunbookEngine> there) {
        this.locations = locations;
        this.perLocation = perLocation;
        this.reach = reach;
        this.there = there;
    }

    @Override
    public CompletionStage<ExecutionRecord> run(String document, Map<String, List<String>> parameters, String parentId, int n) {
        TargetLocations.Location l = locations.locations().get(n - 1);
        String id = ExecutionIds.child(parentId, n);
        return reach.at(l.account(), l.region(), l.executionRoleName()).thenCompose(cloud -> {
            RunbookEngine engine = there.apply(cloud);
            if (perLocation.isEmpty()) {
                return inline(cloud, Recovery.prepareChild(engine, id))
                        .thenCompose(v -> engine.restart(document, parameters, id, Optional.of(parentId)))
                        .thenCompose(Execution::result);
            }
            // the location's children run the document as the parent names it (a path works without --docs)
            RateControlRequest r = perLocation.get();
            RateControlRequest here = new RateControlRequest(document, parameters, r.targets(), r.targetParameterName(), r.limits());
            return inline(cloud, Recovery.prepareParent(engine, id)).thenCompose(journaled -> {
                if (journaled.isEmpty()) {
                    return TargetResolver.of(cloud).resolve(here.targets()).thenApply(targets ->
                            engine.rateControl().start(RateControl.plan(here, targets), id, Optional.of(parentId)));
                }
                // its targets as it journaled them: a tag is not resolved again
                RateControl.Plan plan = RateControl.Plan.fromJournal(journaled.get().runs(), journaled.get().parameters())
                        .orElseThrow(() -> new IllegalStateException("rate-controlled run " + id + " journaled no targets"));
                return CompletableFuture.completedFuture(engine.rateControl().resume(plan, id, journaled.get().at()));
            }).thenCompose(RateControlledRun::record);
        }).exceptionallyCompose(e -> CompletableFuture.failedFuture(TargetLocations.failed(l, e)));
    }

    /**
     * The journal's answer awaited here on virtual time, as the engine awaits its intents (DurableJournal): the
     * simulation must not move on, nor a run's end be missed, while a read is with the journal's writer thread.
     */
    private static <T> CompletionStage<T> inline(Cloud cloud, CompletionStage<T> read) {
        if (!cloud.scheduler().isVirtual()) return read;
        try {
            return CompletableFuture.completedFuture(read.toCompletableFuture().join());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

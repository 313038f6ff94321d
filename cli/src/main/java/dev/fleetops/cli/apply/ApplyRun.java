package dev.fleetops.cli.apply;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.reconcile.Engine;
import dev.fleetops.reconcile.ReconcileEvent;
import dev.fleetops.reconcile.EventSource;
import dev.fleetops.reconcile.FleetFile;
import dev.fleetops.reconcile.Resource;
import dev.fleetops.reconcile.ResourceState;
import dev.fleetops.reconcile.Result;
import dev.fleetops.reconcile.Services;
import dev.fleetops.execution.RunbookRunner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One `fleetops apply`: the engine over a fleet until it converges (or, with watch, for a while longer), with a
 * line for every change, drift and error as it happens. Shared by the command, its tests and the benchmark.
 */
public final class ApplyRun {

    /**
     * @param watchFor  empty: stop at the first convergence; present: keep the fleet converged this long
     * @param maxWait   give up waiting for convergence after this long
     */
    public record Options(boolean noop, Optional<Duration> watchFor, Duration convergedTimeout, Duration maxWait) { }

    /** Something that happened, in order. {@code kind}: change, would-change, drift, error, converged. */
    public record Line(Instant at, String kind, String resource, String resourceKind, String text) { }

    /** @param plannedAt a noop run: when every resource had been checked (the plan's end) */
    public record Finished(FleetFile fleet, boolean noop, Instant start, Instant end, Optional<Instant> convergedAt,
                          Optional<Instant> plannedAt, List<ResourceState> resources, List<Line> lines) {
        /** Some resource would change (a noop plan that is not empty). */
        public boolean changesPending() {
            return resources.stream().anyMatch(r -> r.status() == dev.fleetops.reconcile.ResourceStatus.would_change);
        }

        public boolean failed() {
            return resources.stream().anyMatch(r -> r.status() == dev.fleetops.reconcile.ResourceStatus.failed);
        }
    }

    /** Blocks the CLI thread until a stage completes: virtual time on the simulator, the wall clock on AWS. */
    public interface Waiter {
        <T> T await(CompletionStage<T> stage, Duration maxWait);
    }

    private ApplyRun() { }

    public static Finished run(FleetFile fleet, Cloud cloud, Optional<EventSource> events, RunbookRunner runbooks,
                              long seed, Options options, Consumer<Line> live, Waiter waiter) {
        List<Line> lines = new ArrayList<>();
        Consumer<Line> out = l -> {
            lines.add(l);
            live.accept(l);
        };
        Services services = new Services(fleet.name(), cloud, events, runbooks, seed);
        Instant[] convergedAt = new Instant[1];
        Instant[] plannedAt = new Instant[1];
        Engine engine = new Engine(fleet, services, options.convergedTimeout(), options.noop());
        engine.events().onEvent(ReconcileEvent.Drift.class, d -> out.accept(line(cloud, "drift", d.resource(), d.why())));
        engine.events().onEvent(ReconcileEvent.Checked.class, c -> {
            Resource r = c.resource();
            Result result = c.result();
            boolean willRetry = c.willRetry();
            if (result.error() != null) {
                String m = result.error().getMessage() == null ? result.error().toString() : result.error().getMessage();
                out.accept(line(cloud, "error", r, m + (willRetry ? " (will retry)" : "")));
                return;
            }
            String kind = options.noop() || r.meta().noop() ? "would-change" : "change";
            for (String change : result.changes()) out.accept(line(cloud, kind, r, change));
        });
        engine.events().onEvent(ReconcileEvent.Converged.class, c -> {
            if (convergedAt[0] == null) convergedAt[0] = cloud.scheduler().now();
            List<String> failed = c.states().stream().filter(s -> s.status() == dev.fleetops.reconcile.ResourceStatus.failed)
                    .map(ResourceState::name).toList();
            // idle is not converged when a resource failed: the fleet is not as declared
            out.accept(new Line(cloud.scheduler().now(), failed.isEmpty() ? "converged" : "settled", "", "",
                    "every resource idle for " + options.convergedTimeout().toSeconds() + " s"
                            + (failed.isEmpty() ? "" : ", failed: " + String.join(", ", failed))));
        });
        Instant start = cloud.scheduler().now();
        engine.start();
        try {
            if (options.watchFor().isPresent()) {
                CompletableFuture<Void> end = cloud.scheduler().delay(options.watchFor().get());
                waiter.await(end, options.watchFor().get().plusSeconds(1));
            } else if (options.noop()) {
                waiter.await(engine.planned(), options.maxWait()); // one plan, which ends (never a convergence)
                plannedAt[0] = cloud.scheduler().now();
            } else {
                waiter.await(engine.converged(), options.maxWait());
            }
        } catch (IllegalStateException e) {
            out.accept(new Line(cloud.scheduler().now(), "error", "", "", (options.noop() && options.watchFor().isEmpty()
                    ? "no plan" : "not converged") + " within " + options.maxWait().toMinutes() + " min"));
        }
        List<ResourceState> states = waiter.await(onLane(cloud, engine), Duration.ofMinutes(1));
        waiter.await(engine.stop(), Duration.ofMinutes(1));
        return new Finished(fleet, options.noop(), start, cloud.scheduler().now(), Optional.ofNullable(convergedAt[0]),
                Optional.ofNullable(plannedAt[0]), states, lines);
    }

    /** Reads the states on the scheduler's thread (the engine's state is touched only there). */
    private static CompletionStage<List<ResourceState>> onLane(Cloud cloud, Engine engine) {
        CompletableFuture<List<ResourceState>> f = new CompletableFuture<>();
        cloud.scheduler().schedule(Duration.ZERO, () -> f.complete(engine.states()));
        return f;
    }

    private static Line line(Cloud cloud, String kind, Resource r, String text) {
        return new Line(cloud.scheduler().now(), kind, r.name(), r.kind(), text);
    }
}

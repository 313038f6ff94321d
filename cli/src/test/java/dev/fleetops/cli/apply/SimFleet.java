package dev.fleetops.cli.apply;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.reconcile.Engine;
import dev.fleetops.reconcile.ReconcileEvent;
import dev.fleetops.reconcile.FleetFile;
import dev.fleetops.reconcile.Resource;
import dev.fleetops.reconcile.ResourceState;
import dev.fleetops.reconcile.Services;
import dev.fleetops.reconcile.Kinds;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.sim.SimRegion;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A fleet applied on a simulated region, recording when each resource's checks started. */
final class SimFleet {

    final SimRegion region;
    final SimEvents events;
    final List<String> started = new ArrayList<>(); // "name@seconds"
    final List<String> drifts = new ArrayList<>();
    final List<Instant> driftTimes = new ArrayList<>();

    SimFleet(SimRegion region) {
        this.region = region;
        this.events = new SimEvents(region);
    }

    static FleetFile fleet(String yaml) {
        return Kinds.reader().read("fleet.yaml", yaml);
    }

    Engine engine(FleetFile fleet, boolean noop) {
        return engine(fleet, noop, region.cloud(), (d, p) -> new CompletableFuture<>());
    }

    Engine engine(FleetFile fleet, boolean noop, Cloud cloud, RunbookRunner runner) {
        Services services = new Services(fleet.name(), cloud, Optional.of(events), runner, 7);
        Engine e = new Engine(fleet, services, Duration.ofSeconds(30), noop);
        e.events().onEvent(ReconcileEvent.CheckStarted.class, c -> started.add(c.resource().name() + "@" + elapsed()));
        e.events().onEvent(ReconcileEvent.Drift.class, d -> {
            drifts.add(d.resource().name() + ": " + d.why());
            driftTimes.add(region.scheduler().now());
        });
        e.start();
        return e;
    }

    List<ResourceState> converge(Engine e) {
        return region.scheduler().await(e.converged(), Duration.ofMinutes(30));
    }

    void stop(Engine e) {
        region.scheduler().await(e.stop(), Duration.ofMinutes(1));
    }

    long elapsed() {
        return region.scheduler().elapsed().toSeconds();
    }

    /** Every instance bearing the Name tag, terminated ones included. */
    List<Instance> named(String name) {
        var r = region.scheduler().await(region.cloud().ec2().describeInstances(DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("tag:Name").values(name).build()).build()), Duration.ofMinutes(1));
        return r.reservations().stream().flatMap(x -> x.instances().stream()).toList();
    }

    Instance live(String name) {
        return named(name).stream().filter(i -> !i.state().nameAsString().equals("terminated")).findFirst().orElseThrow();
    }

    long calls(String op) {
        return region.context().gate().calls("ec2", op);
    }
}

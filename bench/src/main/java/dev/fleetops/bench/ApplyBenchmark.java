package dev.fleetops.bench;

import dev.fleetops.cli.apply.SimEvents;
import dev.fleetops.reconcile.Engine;
import dev.fleetops.reconcile.ReconcileEvent;
import dev.fleetops.reconcile.FleetFile;
import dev.fleetops.reconcile.Resource;
import dev.fleetops.reconcile.ResourceStatus;
import dev.fleetops.reconcile.Services;
import dev.fleetops.reconcile.resources.InstanceReader;
import dev.fleetops.reconcile.Kinds;
import dev.fleetops.sim.SimRegion;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.StopInstancesRequest;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * `apply` at fleet scale on the simulator: 1,000 ec2:instance resources from empty to converged in one apply, with
 * lookups batched (at most ceil(1000 / page size) DescribeInstances calls per check round); then one instance stopped
 * out of band, repaired from its first state-change event. The anchor, mgmt's aws:ec2 (one call per resource per
 * round, waiters to watch), is executed beside it on a fresh region of the same scenario ({@link MgmtEc2Peer}).
 */
public final class ApplyBenchmark implements Benchmark {

    static final int RESOURCES = 1000;

    @Override
    public String name() {
        return "apply";
    }

    @Override
    public String description() {
        return "apply: 1,000 ec2:instance resources converge with <= ceil(1000/page) DescribeInstances per round; drift repaired from one event; beside mgmt's aws:ec2 executed";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) {
        SimRegion region = SimRegion.empty();
        StringBuilder yaml = new StringBuilder("fleet: bench\nresources:\n");
        for (int i = 0; i < RESOURCES; i++) {
            yaml.append("  - {kind: ec2:instance, name: web-").append(i).append(", image: ami-0abcdef1234567890}\n");
        }
        FleetFile fleet = Kinds.reader().read("bench.yaml", yaml.toString());
        Services services = new Services("bench", region.cloud(), Optional.of(new SimEvents(region)),
                (d, p) -> CompletableFuture.failedFuture(new IllegalStateException("no runbooks here")), 1);
        String target = "web-" + (RESOURCES / 2);
        int[] driftEvents = {0};
        boolean[] repairStarted = {false};
        boolean[] drifting = {false};
        Engine engine = new Engine(fleet, services, Duration.ofSeconds(30), false);
        engine.events().onEvent(ReconcileEvent.Drift.class, d -> {
            if (d.resource().name().equals(target) && drifting[0] && !repairStarted[0]) driftEvents[0]++;
        });
        engine.events().onEvent(ReconcileEvent.CheckStarted.class, c -> {
            if (c.resource().name().equals(target) && drifting[0]) repairStarted[0] = true;
        });
        long[] lastOk = {0, 0, 0}; // virtual nanos, DescribeInstances, all calls at the last resource checked ok
        engine.events().onEvent(ReconcileEvent.Checked.class, c -> {
            if (c.result().ok() && !c.willRetry() && !drifting[0]) {
                lastOk[0] = region.scheduler().elapsedNanos();
                lastOk[1] = region.context().gate().calls("ec2", "DescribeInstances");
                lastOk[2] = region.context().gate().totalCalls();
            }
        });
        progress.println("apply: " + RESOURCES + " ec2:instance resources from empty...");
        long t0 = System.nanoTime();
        engine.start();
        var states = region.scheduler().await(engine.converged(), Duration.ofHours(1));
        double wall = (System.nanoTime() - t0) / 1e9;
        Duration virtual = region.scheduler().elapsed();
        long converged = states.stream().filter(s -> s.status() == ResourceStatus.changed).count();
        InstanceReader reader = InstanceReader.of(services);
        long describes = region.context().gate().calls("ec2", "DescribeInstances");
        int bound = (RESOURCES + reader.pageSize() - 1) / reader.pageSize();

        double steady = callsPerMinute(region);
        drifting[0] = true;
        long describesBefore = region.context().gate().calls("ec2", "DescribeInstances");
        Duration repair = repair(region, target, progress);
        long repairDescribes = region.context().gate().calls("ec2", "DescribeInstances") - describesBefore;
        region.scheduler().await(engine.stop(), Duration.ofMinutes(1));

        progress.println("apply: the anchor, mgmt's aws:ec2 resource as a plain SDK loop, on a fresh region...");
        SimRegion peerRegion = SimRegion.empty();
        MgmtEc2Peer peer = new MgmtEc2Peer(peerRegion, RESOURCES, "ami-0abcdef1234567890");
        MgmtEc2Peer.Converged mgmt = peer.run(Duration.ofHours(1));
        double mgmtSteady = callsPerMinute(peerRegion);
        Duration mgmtRepair = repair(peerRegion, target, progress);
        peer.close();
        double ours = lastOk[0] / 1e9;
        double theirs = mgmt.at().toMillis() / 1000.0;

        return new BenchResult(name(), "simulator (no jitter, boot 30 s, stop 20 s), " + RESOURCES
                + " ec2:instance resources, events from the simulated EventBridge bus, converged-timeout 30 s, page size "
                + reader.pageSize() + " names per DescribeInstances (MaxResults 1000); wall time on "
                + Runtime.getRuntime().availableProcessors() + " cores", List.of(
                BenchResult.Metric.atLeast("resources converged (changed)", converged, "resources", RESOURCES),
                BenchResult.Metric.atMost("max DescribeInstances calls per check round", reader.maxCallsPerRound(), "calls", bound),
                BenchResult.Metric.info("mgmt: DescribeInstances calls of the first check round", mgmt.checkDescribesFirstRound(), "calls"),
                BenchResult.Metric.info("calls per round, mgmt / fleetops", ratio(mgmt.checkDescribesFirstRound(), reader.maxCallsPerRound()), "x"),
                BenchResult.Metric.info("check rounds", reader.rounds(), "rounds"),
                BenchResult.Metric.info("DescribeInstances calls in all (incl. 30 s idle)", describes, "calls"),
                BenchResult.Metric.info("fleetops: last resource checked ok", ours, "s virtual"),
                BenchResult.Metric.info("mgmt: last resource checked running", theirs, "s virtual"),
                BenchResult.Metric.info("time to converged, mgmt / fleetops", ratio(theirs, ours), "x"),
                BenchResult.Metric.info("fleetops: API calls to converged", lastOk[2], "calls"),
                BenchResult.Metric.info("fleetops: DescribeInstances calls to converged", lastOk[1], "calls"),
                BenchResult.Metric.info("mgmt: API calls to converged", mgmt.calls(), "calls"),
                BenchResult.Metric.info("mgmt: DescribeInstances calls to converged", mgmt.describes(), "calls"),
                BenchResult.Metric.info("API calls to converged, mgmt / fleetops", ratio(mgmt.calls(), lastOk[2]), "x"),
                BenchResult.Metric.info("fleetops: API calls per minute once converged", steady, "calls/min"),
                BenchResult.Metric.info("mgmt: API calls per minute once converged (its watch waiters)", mgmtSteady, "calls/min"),
                BenchResult.Metric.info("virtual time to converged (incl. 30 s idle)", virtual.toSeconds(), "s"),
                BenchResult.Metric.info("wall time to converged", Math.round(wall * 1000) / 1000.0, "s"),
                BenchResult.Metric.atMost("drift: events received before the repair started", driftEvents[0], "events", 1),
                BenchResult.Metric.info("drift: stop to running again (stop 20 s + boot 30 s)", repair.toSeconds(), "s virtual"),
                BenchResult.Metric.info("mgmt drift: stop to running again", mgmtRepair.toSeconds(), "s virtual"),
                BenchResult.Metric.info("drift: DescribeInstances calls for the repair", repairDescribes, "calls")));
    }

    /** API calls per virtual minute over the ten minutes after convergence: what watching costs. */
    private static double callsPerMinute(SimRegion region) {
        long before = region.context().gate().totalCalls();
        region.scheduler().runFor(Duration.ofMinutes(10));
        return (region.context().gate().totalCalls() - before) / 10.0;
    }

    /** Stops the target instance out of band; virtual time until it is running again after a StartInstances. */
    private static Duration repair(SimRegion region, String target, PrintWriter progress) {
        progress.println("apply: stopping " + target + " out of band...");
        var ec2 = region.cloud().ec2();
        String id = region.scheduler().await(ec2.describeInstances(DescribeInstancesRequest.builder().filters(
                Filter.builder().name("tag:Name").values(target).build()).build()), Duration.ofMinutes(1))
                .reservations().get(0).instances().get(0).instanceId();
        long startsBefore = region.context().gate().calls("ec2", "StartInstances");
        Instant stopAt = region.scheduler().now();
        ec2.stopInstances(StopInstancesRequest.builder().instanceIds(id).build());
        region.scheduler().runUntil(() -> region.context().gate().calls("ec2", "StartInstances") > startsBefore
                && region.ec2().find(id).map(v -> v.state().equals("running")).orElse(false), Duration.ofMinutes(30));
        return Duration.between(stopAt, region.scheduler().now());
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : Math.round(a / b * 10000) / 10000.0;
    }
}

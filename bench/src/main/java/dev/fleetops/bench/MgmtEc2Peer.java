package dev.fleetops.bench;

import dev.fleetops.sim.SimRegion;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.waiters.Ec2AsyncWaiter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The anchor of {@code bench apply}, executed: mgmt's aws:ec2 resource (github.com/purpleidea/mgmt) as a plain SDK v2
 * loop, one per declared instance, all at once as mgmt runs the vertices of its graph. CheckApply: DescribeInstances
 * filtered by the resource's own Name tag and the live states; none found -> RunInstances and an SDK waiter until
 * running; stopped -> StartInstances and the same waiter. Watch (mgmt's form without an event server): an SDK waiter
 * for the state leaving the desired one (InstanceStopped), which gives up after its 40 x 15 s; whenever it returns, a
 * DescribeInstances re-check decides between an event (CheckApply again) and watching again.
 */
final class MgmtEc2Peer {

    record Converged(Duration at, long checkDescribesFirstRound, long describes, long calls) { }

    private static final List<String> LIVE = List.of("pending", "running", "stopping", "stopped");

    private final SimRegion region;
    private final Ec2AsyncClient ec2;
    private final Ec2AsyncWaiter waiter;
    private final String image;
    private final int resources;
    private final AtomicLong checkDescribes = new AtomicLong();
    private final AtomicInteger firstChecks = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile long firstRound = -1;
    private volatile Converged converged;
    private final Instant start;

    MgmtEc2Peer(SimRegion region, int resources, String image) {
        this.region = region;
        this.ec2 = region.cloud().ec2();
        this.waiter = Ec2AsyncWaiter.builder().client(ec2)
                .scheduledExecutorService(region.scheduler().asScheduledExecutorService()).build();
        this.resources = resources;
        this.image = image;
        this.start = region.scheduler().now();
    }

    /** Starts every resource; completes when each has been checked once in its desired state (running). */
    Converged run(Duration maxWait) {
        for (int i = 0; i < resources; i++) {
            String name = "web-" + i;
            checkApply(name, true);
        }
        region.scheduler().runUntil(() -> converged != null, maxWait);
        if (converged == null) throw new IllegalStateException("mgmt's loop did not converge in " + maxWait);
        return converged;
    }

    private void checkApply(String name, boolean first) {
        checkDescribes.incrementAndGet();
        ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:Name").values(name).build(),
                        Filter.builder().name("instance-state-name").values(LIVE).build()))
                .thenCompose(r -> {
                    if (first && firstChecks.incrementAndGet() == resources) firstRound = checkDescribes.get();
                    Optional<Instance> found = instances(r).stream().findFirst();
                    if (found.isEmpty()) {
                        return ec2.runInstances(b -> b.imageId(image).instanceType("t3.micro").minCount(1).maxCount(1)
                                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                                                .tags(Tag.builder().key("Name").value(name).build()).build()))
                                .thenCompose(run -> untilRunning(run.instances().get(0).instanceId()));
                    }
                    String id = found.get().instanceId();
                    return switch (found.get().state().nameAsString()) {
                        case "running" -> CompletableFuture.completedFuture(id);
                        case "stopped" -> ec2.startInstances(b -> b.instanceIds(id)).thenCompose(s -> untilRunning(id));
                        default -> untilRunning(id); // pending or stopping: mgmt waits for the state to settle
                    };
                })
                .whenComplete((id, error) -> {
                    if (error != null) {
                        region.scheduler().schedule(Duration.ofSeconds(15), () -> checkApply(name, false));
                        return;
                    }
                    if (first && done.incrementAndGet() == resources) {
                        var gate = region.context().gate();
                        converged = new Converged(Duration.between(start, region.scheduler().now()), firstRound,
                                gate.calls("ec2", "DescribeInstances"), gate.totalCalls());
                    }
                    watch(name, id);
                });
    }

    private CompletableFuture<String> untilRunning(String id) {
        return waiter.waitUntilInstanceRunning(b -> b.instanceIds(id)).thenApply(w -> id);
    }

    private void watch(String name, String id) {
        waiter.waitUntilInstanceStopped(b -> b.instanceIds(id)).whenComplete((w, timedOut) ->
                ec2.describeInstances(b -> b.instanceIds(id)).whenComplete((r, error) -> {
                    boolean running = r != null && instances(r).stream().anyMatch(x -> x.state().nameAsString().equals("running"));
                    if (running) watch(name, id);
                    else checkApply(name, false); // the state changed: mgmt's Watch sends an event
                }));
    }

    private static List<Instance> instances(DescribeInstancesResponse r) {
        return r.reservations().stream().flatMap(x -> x.instances().stream()).toList();
    }

    void close() {
        waiter.close();
    }
}

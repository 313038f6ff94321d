package dev.fleetops.handlers.decommission;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.handlers.onsim.HandlerHarness;
import dev.fleetops.handlers.onsim.SpotFixture;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The web scenario settled, a private hosted zone with one A record per instance, and event helpers. */
final class DecommissionFixture {

    static final String ZONE = "internal.example.com.";
    static final Duration MAX = Duration.ofMinutes(30);

    final SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()));
    final Cloud cloud = region.cloud();
    final String zoneId;

    DecommissionFixture() {
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        zoneId = await(cloud.route53().createHostedZone(b -> b.name(ZONE).callerReference("decommission-test")))
                .hostedZone().id().replaceFirst("^/hostedzone/", "");
    }

    <T> T await(CompletableFuture<T> f) {
        return region.scheduler().await(f, MAX);
    }

    List<Instance> instances() {
        return await(cloud.ec2().describeInstances(b -> b.filters(f -> f.name("instance-state-name").values("running"))))
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    static String hostname(Instance i) {
        return i.privateDnsName().substring(0, i.privateDnsName().indexOf('.'));
    }

    void addRecord(Instance i) {
        await(cloud.route53().changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(cb -> cb.changes(c -> c
                .action("CREATE").resourceRecordSet(r -> r.name(hostname(i) + "." + ZONE).type(RRType.A).ttl(60L)
                        .resourceRecords(v -> v.value(i.privateIpAddress())))))));
    }

    List<ResourceRecordSet> records() {
        return await(cloud.route53().listResourceRecordSets(b -> b.hostedZoneId(zoneId))).resourceRecordSets().stream()
                .filter(r -> r.type() == RRType.A).toList();
    }

    void terminate(String id) {
        await(cloud.ec2().terminateInstances(b -> b.instanceIds(id)));
        region.scheduler().runFor(Duration.ofMinutes(2));
    }

    Event stateChange(String id, String state) {
        String json = SpotFixture.resource("seed002-terminated.json").replace("i-abcd1111", id)
                .replace("\"state\":\"terminated\"", "\"state\":\"" + state + "\"")
                .replace("7bf73129-1428-4cd3-a780-95db273d1602", "evt-" + id + "-" + state);
        return HandlerHarness.event(json, region.scheduler().now());
    }

    /** Seed 002's own event (its id, time and shape), for the given instance. */
    Event seed002(String id) {
        return HandlerHarness.event(SpotFixture.resource("seed002-terminated.json").replace("i-abcd1111", id),
                region.scheduler().now());
    }

    DecommissionHandler handler(String yaml, Inventory inventory) {
        return new DecommissionHandler(DecommissionSettings.read(HandlerHarness.settings(yaml)), inventory);
    }

    DecommissionHandler handler(String yaml) {
        return handler(yaml, new MemoryInventory());
    }

    HandlerRecord handle(DecommissionHandler h, Event e) throws Exception {
        var ctx = HandlerHarness.context(cloud, h, e, (d, p) -> {
            throw new AssertionError("no runbook");
        });
        return HandlerHarness.awaitWithIo(region.scheduler(), h.handle(e, ctx).toCompletableFuture(), Duration.ofSeconds(60));
    }

    /** A recorder for set-up calls made outside any handler. */
    static Recorder setupRecorder(dev.fleetops.time.Scheduler s) {
        Event dummy = new Event("setup", "test", "setup", Optional.empty(), Instant.EPOCH, "us-east-1", Optional.empty(),
                List.of(), dev.fleetops.json.Json.object(), "{}", Event.Envelope.EVENTBRIDGE, List.of());
        return new Recorder(s, "setup", dummy, Optional.empty());
    }
}

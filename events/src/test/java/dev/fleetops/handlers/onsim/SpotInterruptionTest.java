package dev.fleetops.handlers.onsim;

import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.spi.ActionKey;
import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.spot.SpotInterruptionHandler;
import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spot-interruption handler's behaviours beyond the proof: deadlines, guards, errors, options. */
class SpotInterruptionTest {

    private static final Duration MAX = Duration.ofMinutes(30);

    private static SpotInterruptionHandler handler(String yaml) {
        return (SpotInterruptionHandler) SpotInterruptionHandler.factory().create(HandlerHarness.settings(yaml));
    }

    private static HandlerRecord run(SpotFixture f, SpotInterruptionHandler h, Event e) {
        return HandlerHarness.run(f.region.scheduler(), f.region.cloud(), h, e, MAX);
    }

    @Test
    void theAwsDefaultDeregistrationDelayIsReportedAsNotFittingTheNotice() {
        SpotFixture f = new SpotFixture(3, "300s");
        String victim = f.inService().get(0);
        f.region.ec2().interruptSpot(victim, "terminate");

        HandlerRecord r = run(f, handler(""), f.seed003(victim, "terminate"));

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.deadlineNotes()).anyMatch(n -> n.contains("has a deregistration delay of 300 s")
                && n.contains("keep it at most 90 s for Spot groups"));
        assertThat(r.deadlineNotes()).anyMatch(n -> n.startsWith("draining from ") && n.contains("after the interruption"));
    }

    @Test
    void hibernateHasNoLeadSoTheReplacementIsNotWaitedFor() {
        SpotFixture f = new SpotFixture(1, "30s");
        String victim = f.inService().get(0);

        HandlerRecord r = run(f, handler(""), f.seed003(victim, "hibernate"));

        assertThat(r.outputs()).containsEntry("InterruptionTime", r.start().toString());
        assertThat(HandlerHarness.calls(r)).containsSubsequence("SetDesiredCapacity AutoScalingGroupName=web "
                + "DesiredCapacity=3 HonorCooldown=false", "DetachInstances AutoScalingGroupName=web InstanceId=" + victim
                + " ShouldDecrementDesiredCapacity=false");
        assertThat(r.deadlineNotes()).anyMatch(n -> n.startsWith("no time left to wait for a replacement"));
        assertThat(Instant.parse(r.outputs().get("DetachedAt"))).isEqualTo(r.start()); // zero API latency
    }

    @Test
    void theDetachIsReportedAsAnEffectOnTheInstanceWhenItHappens() {
        SpotFixture f = new SpotFixture(3, "30s");
        String victim = f.inService().get(0);
        SpotInterruptionHandler h = handler("");
        Event e = f.seed003(victim, "terminate");
        List<Effect> effects = new CopyOnWriteArrayList<>();
        var ctx = HandlerHarness.context(f.region.cloud(), h, e, (d, p) -> {
            throw new AssertionError("no runbook");
        }, IdempotencyStores.inMemory(f.region.scheduler()), effects::add);

        f.region.scheduler().await(h.handle(e, ctx), MAX);

        assertThat(effects).containsExactly(new Effect(victim, Effect.DETACHED));
    }

    @Test
    void anInstanceOutsideAnyGroupIsLeftAlone() {
        SpotFixture f = new SpotFixture(2, "30s");
        HandlerRecord r = run(f, handler(""), f.seed003("i-0123456789abcdef0", "terminate"));

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(HandlerHarness.calls(r)).containsExactly("DescribeAutoScalingInstances InstanceId=i-0123456789abcdef0");
        assertThat(r.notes()).containsExactly("i-0123456789abcdef0 is not in an Auto Scaling group (or is already gone): "
                + "nothing to detach");
    }

    @Test
    void aSecondWarningForAnInstanceAlreadyDetachedDoesNothing() {
        SpotFixture f = new SpotFixture(3, "30s");
        String victim = f.inService().get(0);
        run(f, handler(""), f.seed003(victim, "terminate"));

        HandlerRecord again = run(f, handler(""), f.seed003(victim, "terminate"));

        assertThat(HandlerHarness.calls(again)).containsExactly("DescribeAutoScalingInstances InstanceId=" + victim);
        assertThat(f.group().desiredCapacity()).isEqualTo(3);
    }

    @Test
    void resourceContentionIsRetried() {
        SpotFixture f = new SpotFixture(3, "30s", """
                faults:
                  api:
                    - {service: autoscaling, operation: DetachInstances, error: ResourceContention, rate: 1, until: 60m}
                """);
        // the fault holds for the first hour of the scenario; settling took part of it
        Duration left = Duration.ofMinutes(60).minus(f.region.scheduler().elapsed());
        String victim = f.inService().get(0);

        HandlerRecord r = run(f, handler(""), f.seed003(victim, "terminate"));

        assertThat(left).isPositive();
        assertThat(HandlerHarness.calls(r).stream().filter(c -> c.startsWith("DetachInstances"))).hasSizeGreaterThan(3)
                .allMatch(c -> c.endsWith("-> ResourceContention"));
        assertThat(r.status()).isEqualTo(Status.Failed);
        assertThat(r.failureMessage().orElseThrow()).contains("ResourceContention");
    }

    @Test
    void maxSizeCapsTheRaiseAndSaysSo() {
        SpotFixture f = new SpotFixture(1, "30s");
        String victim = f.inService().get(0);
        f.region.scheduler().await(f.region.cloud().autoScaling().updateAutoScalingGroup(b -> b
                .autoScalingGroupName("web").maxSize(2)), MAX);

        HandlerRecord r = run(f, handler("min-in-service: 3"), f.seed003(victim, "terminate"));

        assertThat(HandlerHarness.calls(r)).contains("SetDesiredCapacity AutoScalingGroupName=web DesiredCapacity=2 "
                + "HonorCooldown=false");
        assertThat(r.notes()).contains("MaxSize 2 leaves web 2 InService instance(s) short of min-in-service 3");
        assertThat(f.group().desiredCapacity()).isEqualTo(2);
    }

    @Test
    void aLargerGroupIsNeverScaledIn() {
        SpotFixture f = new SpotFixture(5, "30s");
        String victim = f.inService().get(0);

        HandlerRecord r = run(f, handler(""), f.seed003(victim, "terminate"));

        // Seed 003 would have set desired to exactly 2 here.
        assertThat(HandlerHarness.calls(r)).noneMatch(c -> c.startsWith("SetDesiredCapacity"));
        assertThat(f.group().desiredCapacity()).isEqualTo(5);
    }

    @Test
    void theRebalanceRecommendationIsIgnoredUnlessProactive() {
        SpotFixture f = new SpotFixture(3, "30s");
        String victim = f.inService().get(0);
        String json = """
                {"version":"0","id":"r-1","detail-type":"EC2 Instance Rebalance Recommendation","source":"aws.ec2",
                 "account":"123456789012","time":"%s","region":"us-east-1","resources":[],
                 "detail":{"instance-id":"%s"}}""".formatted(f.region.scheduler().now(), victim);
        Event rebalance = HandlerHarness.event(json, f.region.scheduler().now());

        SpotInterruptionHandler passive = handler("");
        HandlerRecord ignored = run(f, passive, rebalance);
        assertThat(passive.actionKey(rebalance)).isEmpty();
        assertThat(ignored.apiCalls()).isEmpty();

        SpotInterruptionHandler proactive = handler("proactive: true");
        assertThat(proactive.actionKey(rebalance)).contains(new ActionKey(victim, "drain"));
        HandlerRecord r = run(f, proactive, rebalance);
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.deadlineNotes()).isEmpty();
        assertThat(HandlerHarness.calls(r)).anyMatch(c -> c.startsWith("DetachInstances"));
    }

    @Test
    void aStoppedDetachedInstanceIsTaggedAndTerminatedAfterTheDelay() {
        SpotFixture f = new SpotFixture(3, "30s");
        String victim = f.inService().get(0);
        f.region.ec2().interruptSpot(victim, "stop");

        HandlerRecord r = run(f, handler("tag-detached: true\nterminate-after: 14m"), f.seed003(victim, "stop"));

        assertThat(HandlerHarness.calls(r)).anyMatch(c -> c.startsWith("CreateTags ResourceId=" + victim
                + " Tag=fleetops:detached="));
        f.region.scheduler().runFor(Duration.ofMinutes(5));
        assertThat(state(f, victim)).isEqualTo("stopped"); // a leak: detached, stopped, still billed for storage
        f.region.scheduler().runFor(Duration.ofMinutes(10));
        assertThat(state(f, victim)).isIn("shutting-down", "terminated");
    }

    @Test
    void settingsAreValidatedAtLoad() {
        assertThatThrownBy(() -> handler("terminate-after: 14m")).isInstanceOf(InputError.class)
                .hasMessageContaining("terminate-after needs tag-detached: true");
        assertThatThrownBy(() -> handler("min-in-servic: 2")).isInstanceOf(InputError.class)
                .hasMessageContaining("unknown field 'min-in-servic' (did you mean 'min-in-service'?)");
        assertThatThrownBy(() -> handler("detach-margin: 5m")).isInstanceOf(InputError.class)
                .hasMessageContaining("expected a duration from 0ms to 1m, got 5m");
        assertThatThrownBy(() -> handler("min-in-service: -1")).isInstanceOf(InputError.class)
                .hasMessageContaining("expected an integer from 0 to 10000, got -1");
    }

    private static String state(SpotFixture f, String id) {
        Instance i = f.region.scheduler().await(f.region.cloud().ec2().describeInstances(b -> b.instanceIds(id)), MAX)
                .reservations().get(0).instances().get(0);
        return i.state().nameAsString();
    }
}

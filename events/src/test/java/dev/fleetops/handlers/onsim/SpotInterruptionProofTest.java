package dev.fleetops.handlers.onsim;

import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.spot.SpotInterruptionHandler;
import dev.fleetops.handlers.spot.SpotSettings;
import dev.fleetops.sim.elbv2.Alb;
import dev.fleetops.sim.elbv2.TrafficGenerator;
import dev.fleetops.sim.elbv2.TrafficReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 003's event on the web scenario: the proof the issue asks for. */
class SpotInterruptionProofTest {

    private static final Duration MAX = Duration.ofMinutes(15);

    @Test
    void detachesWithoutDecrementAndNoRequestFailsWithA90sDeregistrationDelay() {
        SpotFixture f = new SpotFixture(3, "90s");
        Alb alb = f.region.elbv2().alb("web-alb").orElseThrow();
        Instant now = f.region.scheduler().now();
        TrafficReport traffic = TrafficGenerator.start(f.region.scheduler(), alb, 20, now, now.plus(Duration.ofMinutes(6)));
        String victim = f.inService().get(0);
        assertThat(f.region.ec2().interruptSpot(victim, "terminate")).isTrue(); // the instance goes in 2 minutes

        SpotInterruptionHandler h = new SpotInterruptionHandler(SpotSettings.defaults());
        HandlerRecord r = HandlerHarness.run(f.region.scheduler(), f.region.cloud(), h, f.seed003(victim, "terminate"), MAX);
        f.region.scheduler().runUntil(now.plus(Duration.ofMinutes(7)));

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(HandlerHarness.calls(r)).containsSubsequence(
                "DescribeAutoScalingInstances InstanceId=" + victim,
                "DescribeAutoScalingGroups AutoScalingGroupName=web",
                "DetachInstances AutoScalingGroupName=web InstanceId=" + victim + " ShouldDecrementDesiredCapacity=false");
        assertThat(HandlerHarness.calls(r)).noneMatch(c -> c.startsWith("SetDesiredCapacity"));
        assertThat(r.deadlineNotes()).isEmpty(); // 90 s of draining fits in the 2-minute notice
        assertThat(r.notes()).anyMatch(n -> n.startsWith("drained from ") && n.contains("web-tg"));

        // Detached without decrement: desired stays 3 and a replacement is InService; the victim is gone.
        assertThat(f.group().desiredCapacity()).isEqualTo(3);
        assertThat(f.inService()).hasSize(3).doesNotContain(victim);
        assertThat(traffic.total()).isGreaterThan(7000);
        assertThat(traffic.serverErrors()).as("5xx under traffic: %s", traffic).isZero();
    }

    @Test
    void aGroupAtDesiredOneIsScaledOutBeforeTheDetach() {
        SpotFixture f = new SpotFixture(1, "30s");
        Alb alb = f.region.elbv2().alb("web-alb").orElseThrow();
        Instant now = f.region.scheduler().now();
        TrafficReport traffic = TrafficGenerator.start(f.region.scheduler(), alb, 10, now, now.plus(Duration.ofMinutes(6)));
        String victim = f.inService().get(0);
        f.region.ec2().interruptSpot(victim, "terminate");

        HandlerRecord r = HandlerHarness.run(f.region.scheduler(), f.region.cloud(),
                new SpotInterruptionHandler(SpotSettings.defaults()), f.seed003(victim, "terminate"), MAX);

        List<String> calls = HandlerHarness.calls(r);
        assertThat(calls).containsSubsequence("SetDesiredCapacity AutoScalingGroupName=web DesiredCapacity=3 HonorCooldown=false",
                "DetachInstances AutoScalingGroupName=web InstanceId=" + victim + " ShouldDecrementDesiredCapacity=false");
        Instant detachedAt = Instant.parse(r.outputs().get("DetachedAt"));
        assertThat(detachedAt).isBefore(Instant.parse(r.outputs().get("InterruptionTime")));
        assertThat(r.notes()).anyMatch(n -> n.contains("raised from 1 to 3"));
        assertThat(r.notes()).anyMatch(n -> n.startsWith("2 other instance(s) InService"));
        f.region.scheduler().runUntil(now.plus(Duration.ofMinutes(7)));
        assertThat(f.inService()).hasSize(3).doesNotContain(victim);
        assertThat(traffic.serverErrors()).as("5xx under traffic: %s", traffic).isZero();
    }

    @Test
    void theSeedsPlaceholdersAreToleratedExplicitly() {
        SpotFixture f = new SpotFixture(3, "90s");
        String victim = f.inService().get(0);
        String json = SpotFixture.resource("seed003-spot-warning.json").replace("i-1234567890abcdef0", victim);
        Event e = HandlerHarness.event(json, f.region.scheduler().now());

        HandlerRecord r = HandlerHarness.run(f.region.scheduler(), f.region.cloud(),
                new SpotInterruptionHandler(SpotSettings.defaults()), e, MAX);

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.notes()).contains("instance-action 'action' is not terminate, stop or hibernate (the AWS sample's "
                + "placeholder?): treated as terminate", "the event has no usable time: the 2-minute notice counts from receipt");
        assertThat(HandlerHarness.calls(r)).anyMatch(c -> c.startsWith("DetachInstances"));
    }
}

package dev.fleetops.waiters.onsim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.waiters.ApiCalls;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.InstanceStatusWait;
import dev.fleetops.waiters.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** EC2 state-change events on the region's EventBridge bus poke the wait: no waiting out a 2-minute delay. */
class EventTriggeredPollTest {

    private static final Duration SLOW = Duration.ofMinutes(2);

    private record Seen(Duration at, String id, String state) { }

    private static List<Seen> stateChanges(LaunchedGroup g) {
        List<Seen> seen = new ArrayList<>();
        g.region.context().bus().subscribe((ObjectNode e) -> {
            if (e.path("detail-type").asText().equals("EC2 Instance State-change Notification")) {
                seen.add(new Seen(g.region.scheduler().elapsed(), e.path("detail").path("instance-id").asText(),
                        e.path("detail").path("state").asText()));
            }
        });
        return seen;
    }

    @Test
    void runningIsKnownWithinOneSecondOfItsStateChangeEvent() {
        LaunchedGroup g = LaunchedGroup.of(300);
        List<Seen> seen = stateChanges(g);
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, InstanceStatusWait.Settings.firstReady(Set.of(), Duration.ofMinutes(30))
                        .withBackoff(Backoff.fixed(SLOW)).withTrigger(g.events()), new ApiCalls());

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(1));

        Seen firstRunning = seen.stream().filter(s -> s.state().equals("running")).findFirst().orElseThrow();
        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        assertThat(((Outcome.Succeeded<InstanceStatusWait.Result>) o).value().ready()).contains(firstRunning.id());
        assertThat(g.region.scheduler().elapsed()).isBetween(firstRunning.at(), firstRunning.at().plusSeconds(1));
        assertThat(firstRunning.at()).as("well before the second scheduled round").isLessThan(SLOW);
        assertThat(g.callsSinceStart("ec2:DescribeInstanceStatus"))
                .as("the first round (3 calls) and one call for the poked instance's batch").isEqualTo(4);
    }

    @Test
    void withoutEventsTheSameWaitLearnsItOnlyAtTheNextRound() {
        LaunchedGroup g = LaunchedGroup.of(300);
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, InstanceStatusWait.Settings.firstReady(Set.of(), Duration.ofMinutes(30))
                        .withBackoff(Backoff.fixed(SLOW)), new ApiCalls());

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(1));

        assertThat(o.elapsed()).isEqualTo(SLOW);
        assertThat(o.polls()).isEqualTo(2);
    }

    @Test
    void terminationEventsMakeTheWaitFailFastWithoutWaitingForTheNextRound() {
        LaunchedGroup g = LaunchedGroup.of(3);
        InstanceStatusWait w = InstanceStatusWait.start(g.region.cloud().ec2(), g.region.scheduler(), new Random(1),
                g.ids, InstanceStatusWait.Settings.firstReady(Set.of(), Duration.ofHours(1))
                        .withBackoff(Backoff.fixed(Duration.ofMinutes(10))).withTrigger(g.events()), new ApiCalls());
        g.region.scheduler().runFor(Duration.ofSeconds(5));
        g.region.scheduler().await(g.region.cloud().autoScaling().updateAutoScalingGroup(r -> r
                .autoScalingGroupName(LaunchedGroup.GROUP).minSize(0).maxSize(0).desiredCapacity(0)), Duration.ofMinutes(1));
        g.region.scheduler().await(g.region.cloud().ec2().terminateInstances(r -> r.instanceIds(g.ids)), Duration.ofMinutes(1));
        Duration terminatedAt = g.region.scheduler().elapsed();

        Outcome<InstanceStatusWait.Result> o = g.region.scheduler().await(w.outcome(), Duration.ofHours(1));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(g.region.scheduler().elapsed()).isLessThan(terminatedAt.plusSeconds(1));
    }
}

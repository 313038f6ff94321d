package dev.fleetops.events;

import dev.fleetops.events.sources.SqsSource;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message just received is hidden for the receive hold (10 s), renewed at half of it while it is handled: a
 * consumer killed right after a receive gives its messages back to the queue within seconds, not after the whole
 * visibility timeout (60 s by default), and a handling that lasts keeps its message to itself. Simulator's SQS,
 * virtual time.
 */
class SqsSourceReceiveHoldTest {

    private final SimRegion region = Scenarios.start(Scenarios.load("web", Map.of("size", "1")));
    private final SqsAsyncClient sqs = region.cloud().sqs();

    @Test
    void aConsumerKilledAfterAReceiveGivesTheMessagesBackAfterTheHoldNotTheVisibilityTimeout() {
        String url = SimQueues.spotWarnings(region, "killed", 4);
        Fixtures.DrainCounter stuck = new Fixtures.DrainCounter();
        stuck.gate = new CompletableFuture<>();
        SqsSource source = source(url, stuck);
        assertThat(region.scheduler().runUntil(() -> source.inFlight() == 4, Duration.ofMinutes(1))).isTrue();
        source.crash();

        region.scheduler().runFor(Duration.ofSeconds(9));
        assertThat(SimQueues.visible(region, url)).as("still hidden within the hold").isZero();
        region.scheduler().runFor(Duration.ofSeconds(2));
        assertThat(SimQueues.visible(region, url)).as("back in the queue 11 s after the receive, not 60 s").isEqualTo(4);
    }

    @Test
    void aHandlingLongerThanTheHoldKeepsItsMessagesHidden() {
        String url = SimQueues.spotWarnings(region, "long", 4);
        Fixtures.DrainCounter stuck = new Fixtures.DrainCounter();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        stuck.gate = gate;
        SqsSource source = source(url, stuck);
        assertThat(region.scheduler().runUntil(() -> source.inFlight() == 4, Duration.ofMinutes(1))).isTrue();

        region.scheduler().runFor(Duration.ofSeconds(7));
        assertThat(source.visibilityExtensions()).as("renewed at half the hold, not at extend-every (20 s)").isEqualTo(4);
        region.scheduler().runFor(Duration.ofMinutes(3).minusSeconds(7));
        assertThat(SimQueues.visible(region, url)).as("renewed before the hold ran out, then every extend-every").isZero();
        // one renewal at 5 s, then one every 20 s: 1 + 9 in 3 minutes, per message
        assertThat(source.visibilityExtensions()).isEqualTo(4 * 9L);

        gate.complete(null);
        assertThat(region.scheduler().runUntil(() -> source.deleted() == 4, Duration.ofMinutes(1))).isTrue();
        assertThat(stuck.drained).hasSize(4).doesNotHaveDuplicates();
        source.crash();
    }

    @Test
    void aQuickHandlingMakesNoRenewalAtAll() {
        String url = SimQueues.spotWarnings(region, "quick", 4);
        Fixtures.DrainCounter counter = new Fixtures.DrainCounter();
        SqsSource source = source(url, counter);
        assertThat(region.scheduler().runUntil(() -> source.deleted() == 4, Duration.ofMinutes(1))).isTrue();
        region.scheduler().runFor(Duration.ofMinutes(1));
        assertThat(source.visibilityExtensions()).isZero();
        source.crash();
    }

    private SqsSource source(String url, Fixtures.DrainCounter handler) {
        Intake intake = Fixtures.intake(region.scheduler(), handler, new PrometheusMetrics(), Collections.synchronizedList(new ArrayList<>()));
        SqsSource source = new SqsSource(sqs, intake, region.scheduler(), Runnable::run, SqsSource.Settings.defaults(url), Optional.empty());
        region.scheduler().await(source.start(), Duration.ofMinutes(1));
        return source;
    }

}

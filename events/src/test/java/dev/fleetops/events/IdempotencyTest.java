package dev.fleetops.events;

import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.fleetops.events.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest {

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final DrainCounter counter = new DrainCounter();
    private final PrometheusMetrics metrics = new PrometheusMetrics();
    private final List<String> log = new ArrayList<>();
    private final Intake intake = Fixtures.intake(scheduler, counter, metrics, log);

    private MessageFate submit(String body) {
        return scheduler.await(intake.submit("test", body), Duration.ofMinutes(1));
    }

    @Test
    void aRedeliveredMessageCausesNothingNew() {
        MessageFate first = submit(SPOT);
        MessageFate again = submit(SPOT);
        assertThat(counter.drained).containsExactly("i-1234567890abcdef0");
        assertThat(first.disposition()).isEqualTo(MessageFate.Disposition.DELETE);
        assertThat(again.disposition()).isEqualTo(MessageFate.Disposition.DELETE);
        HandlerRecord r = ((MessageFate.Handled) again).records().get(0);
        assertThat(r.apiCalls()).isEmpty();
        assertThat(r.notes()).containsExactly("duplicate: event spot-1 was already handled by rule interruption; nothing new done");
        assertThat(metrics.duplicates()).isEqualTo(1);
    }

    @Test
    void whatHappensToAMessageIsPublishedAsTypedEventsInOrder() {
        List<IntakeEvent> seen = new ArrayList<>();
        intake.events().onEvent(seen::add);
        counter.failuresLeft.set(1);
        submit(SPOT);
        submit(SPOT);
        submit(SPOT);
        assertThat(seen).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "Received", "Accepted", "Matched", "Released", "Handled",
                "Received", "Accepted", "Matched", "Handled",
                "Received", "Accepted", "Matched", "DuplicateAbsorbed");
        assertThat(((IntakeEvent.Matched) seen.get(2)).rules()).containsExactly("interruption");
        assertThat(((IntakeEvent.Accepted) seen.get(1)).lag()).isPresent();
        assertThat(((IntakeEvent.Handled) seen.get(4)).record().done()).isFalse();
        assertThat(((IntakeEvent.Handled) seen.get(8)).record().done()).isTrue();
    }

    @Test
    void fourEventKindsForOneInstanceCauseOneDrain() {
        List<MessageFate> outcomes = List.of(submit(REBALANCE), submit(SPOT), submit(TERMINATE_ACTION), submit(RAW_ASG),
                submit(STATE_TERMINATED.replace("i-abcd1111", "i-1234567890abcdef0")));
        assertThat(counter.drained).containsExactly("i-1234567890abcdef0");
        assertThat(outcomes).allSatisfy(o -> assertThat(o.disposition()).isEqualTo(MessageFate.Disposition.DELETE));
        HandlerRecord spot = ((MessageFate.Handled) outcomes.get(1)).records().get(0);
        assertThat(spot.notes()).containsExactly("duplicate action (i-1234567890abcdef0, drain): done for event rebalance-1; nothing new done");
        assertThat(spot.deadline()).contains(java.time.Instant.parse("2024-05-01T10:02:00Z"));
    }

    @Test
    void aFailedActionIsReleasedSoTheRedeliveryTriesAgain() {
        counter.failuresLeft.set(1);
        MessageFate failed = submit(SPOT);
        assertThat(failed.disposition()).isEqualTo(MessageFate.Disposition.RETRY);
        assertThat(((MessageFate.Handled) failed).records().get(0).failureMessage()).contains("injected failure");
        MessageFate retried = submit(SPOT);
        assertThat(retried.disposition()).isEqualTo(MessageFate.Disposition.DELETE);
        assertThat(counter.drained).hasSize(1);
        assertThat(metrics.count("failed", "drain-counter")).isEqualTo(1);
        assertThat(metrics.count("handled", "drain-counter")).isEqualTo(1);
    }

    @Test
    void aHandlerThatThrowsFailsTheEventAndNeverTheProcess() {
        counter.afterEffect = () -> { throw new IllegalStateException("boom"); };
        MessageFate o = submit(SPOT);
        assertThat(o.disposition()).isEqualTo(MessageFate.Disposition.RETRY);
        assertThat(((MessageFate.Handled) o).records().get(0).failureMessage().orElseThrow()).contains("IllegalStateException: boom");
    }

    @Test
    void entriesExpireAndAreGarbageCollected() {
        submit(SPOT);
        IdempotencyStore store = IdempotencyStores.inMemory(scheduler);
        assertThat(store.claim("k", "e1", Duration.ofMinutes(5))).isEqualTo(IdempotencyStore.Claim.CLAIMED);
        assertThat(store.claim("k", "e2", Duration.ofMinutes(5))).isEqualTo(IdempotencyStore.Claim.IN_PROGRESS);
        store.complete("k", Duration.ofMinutes(10));
        assertThat(store.claim("k", "e2", Duration.ofMinutes(5))).isEqualTo(IdempotencyStore.Claim.DONE);
        assertThat(store.owner("k")).contains("e1");
        scheduler.runFor(Duration.ofMinutes(11));
        assertThat(store.gc()).isEqualTo(1);
        assertThat(store.size()).isZero();
        assertThat(store.claim("k", "e3", Duration.ofMinutes(5))).isEqualTo(IdempotencyStore.Claim.CLAIMED);
    }

    @Test
    void testNotificationIsAcknowledgedAndUnknownRejectedAndCounted() {
        assertThat(submit(TEST_NOTIFICATION)).isInstanceOf(MessageFate.Acknowledged.class);
        MessageFate bad = submit("{\"hello\":1}");
        assertThat(bad.disposition()).isEqualTo(MessageFate.Disposition.DEAD_LETTER);
        assertThat(metrics.rejectedCount()).isEqualTo(1);
        assertThat(log).anyMatch(l -> l.startsWith("rejected message from test: unknown message"));
        assertThat(counter.drained).isEmpty();
    }

    @Test
    void foreignEventsMatchNoRuleAndAreDeleted() {
        MessageFate o = submit(SPOT.replace("EC2 Spot Instance Interruption Warning", "EC2 Fleet Error"));
        assertThat(o).isInstanceOf(MessageFate.Unmatched.class);
        assertThat(o.disposition()).isEqualTo(MessageFate.Disposition.DELETE);
    }

    @Test
    void metricsRenderInPrometheusFormat() {
        submit(SPOT);
        String text = metrics.render();
        assertThat(text).contains("fleetops_events_received_total{source=\"test\"} 1.0")
                .contains("fleetops_events_matched_total{rule=\"interruption\"} 1.0")
                .contains("fleetops_events_handled_total{handler=\"drain-counter\"} 1.0")
                .contains("# TYPE fleetops_handler_latency_seconds histogram")
                .contains("fleetops_handler_latency_seconds_count{handler=\"drain-counter\"} 1")
                .contains("fleetops_executions_total{kind=\"handler\",status=\"Success\"} 1.0")
                .contains("fleetops_events_total{outcome=\"handled\"} 1.0")
                .contains("# TYPE jvm_memory_used_bytes gauge")
                .contains("fleetops_event_lag_seconds");
    }
}

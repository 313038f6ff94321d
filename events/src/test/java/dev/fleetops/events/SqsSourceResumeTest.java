package dev.fleetops.events;

import dev.fleetops.events.sources.SqsSource;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.journal.Inbox;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica killed while it holds SQS messages: its restart on the same store takes them up from its inbox with
 * the receipt handles they came with, renewed at once, so they are handled within seconds, not after the receive
 * hold and the queue's backlog; a message SQS has meanwhile given to another consumer is left to it. Simulator's SQS,
 * virtual time, the inbox in a SQLite journal.
 */
class SqsSourceResumeTest {

    @TempDir
    Path store;

    private final SimRegion region = Scenarios.start(Scenarios.load("web", Map.of("size", "1")));
    private final SqsAsyncClient sqs = region.cloud().sqs();

    @Test
    void aRestartHandlesWhatTheKilledProcessHeldAtOnceEvenWhileItsClaimsLinger() {
        String url = SimQueues.spotWarnings(region, "resume", 10);
        Journal journal = Journals.sqlite(store, region.scheduler(), Runnable::run);
        Inbox inbox = journal.inbox().within("sqs:");
        SqsSource dying = holdAll(url, inbox);

        // the restart: new keys would be empty; here the dead process's claims linger, answered IN_PROGRESS twice
        Fixtures.DrainCounter counter = new Fixtures.DrainCounter();
        Intake intake = Fixtures.intake(region.scheduler(), counter, new PrometheusMetrics(),
                Collections.synchronizedList(new ArrayList<>()), lingering(IdempotencyStores.inMemory(region.scheduler()), 2));
        SqsSource restarted = new SqsSource(sqs, intake, region.scheduler(), Runnable::run, SqsSource.Settings.defaults(url),
                java.util.Optional.of(inbox));
        Instant restart = region.scheduler().now();
        assertThat(region.scheduler().await(restarted.resume(), Duration.ofMinutes(1))).isEqualTo(10);
        assertThat(region.scheduler().runUntil(() -> restarted.deleted() == 10, Duration.ofMinutes(5))).isTrue();

        assertThat(counter.drained).hasSize(10).doesNotHaveDuplicates();
        // each of the two keys answered IN_PROGRESS twice: four submissions 5 s apart, long before the 60 s
        // visibility would have run out and SQS delivered the messages again
        assertThat(Duration.between(restart, region.scheduler().now())).isEqualTo(Duration.ofSeconds(20));
        assertThat(pending(journal, inbox)).isEmpty();
        region.scheduler().runFor(Duration.ofMinutes(5));
        assertThat(SimQueues.visibleOrInFlight(region, url)).as("nothing left in the queue to be delivered again").isZero();
        dying.crash();
    }

    @Test
    void aRestartRenewsWhatItTakesUpAtOnceSoALongHandlingKeepsItsMessages() {
        String url = SimQueues.spotWarnings(region, "renewed", 3);
        Journal journal = Journals.sqlite(store, region.scheduler(), Runnable::run);
        Inbox inbox = journal.inbox().within("sqs:");
        holdAll(url, inbox); // killed within the receive hold (10 s), before any renewal

        Fixtures.DrainCounter slow = new Fixtures.DrainCounter();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        slow.gate = gate;
        Intake intake = Fixtures.intake(region.scheduler(), slow, new PrometheusMetrics(), Collections.synchronizedList(new ArrayList<>()));
        SqsSource restarted = new SqsSource(sqs, intake, region.scheduler(), Runnable::run, SqsSource.Settings.defaults(url),
                java.util.Optional.of(inbox));
        assertThat(region.scheduler().await(restarted.resume(), Duration.ofMinutes(1))).isEqualTo(3);
        region.scheduler().runFor(Duration.ofSeconds(15)); // past the dead process's hold; the handling still runs
        assertThat(SimQueues.visible(region, url)).as("renewed by the restart, not back in the queue for another consumer").isZero();

        gate.complete(null);
        assertThat(region.scheduler().runUntil(() -> restarted.deleted() == 3, Duration.ofMinutes(1))).isTrue();
        assertThat(slow.drained).hasSize(3).doesNotHaveDuplicates();
        restarted.crash();
    }

    @Test
    void aMessageSqsGaveToAnotherConsumerMeanwhileIsLeftToIt() {
        String url = SimQueues.spotWarnings(region, "stale", 3);
        Journal journal = Journals.sqlite(store, region.scheduler(), Runnable::run);
        Inbox inbox = journal.inbox().within("sqs:");
        holdAll(url, inbox);
        region.scheduler().runFor(Duration.ofSeconds(70)); // past the receive hold: the old handles are stale
        var taken = region.scheduler().await(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .visibilityTimeout(600)), Duration.ofMinutes(1)).messages();
        assertThat(taken).hasSize(3);

        Fixtures.DrainCounter counter = new Fixtures.DrainCounter();
        Intake intake = Fixtures.intake(region.scheduler(), counter, new PrometheusMetrics(),
                Collections.synchronizedList(new ArrayList<>()), lingering(IdempotencyStores.inMemory(region.scheduler()), 100));
        SqsSource restarted = new SqsSource(sqs, intake, region.scheduler(), Runnable::run, SqsSource.Settings.defaults(url),
                java.util.Optional.of(inbox));
        assertThat(region.scheduler().await(restarted.resume(), Duration.ofMinutes(1))).isEqualTo(3);
        region.scheduler().runFor(Duration.ofSeconds(1));

        // let go at the first refused renewal, before it is handled here at all
        assertThat(restarted.inFlight()).isZero();
        assertThat(pending(journal, inbox)).isEmpty();
        region.scheduler().runFor(Duration.ofMinutes(2));
        assertThat(counter.drained).as("the other consumer's to handle").isEmpty();
        assertThat(SimQueues.visibleOrInFlight(region, url)).as("still the other consumer's, not deleted").isEqualTo(3);
    }

    private java.util.List<Inbox.PendingEvent> pending(Journal journal, Inbox inbox) {
        CompletableFuture<java.util.List<Inbox.PendingEvent>> p = journal.flush().thenCompose(v -> inbox.pending()).toCompletableFuture();
        return region.scheduler().await(p, Duration.ofMinutes(1));
    }

    /** A source that receives every message and never finishes one (its handler waits for ever), then is killed. */
    private SqsSource holdAll(String url, Inbox inbox) {
        Fixtures.DrainCounter stuck = new Fixtures.DrainCounter();
        stuck.gate = new CompletableFuture<>();
        Intake intake = Fixtures.intake(region.scheduler(), stuck, new PrometheusMetrics(), Collections.synchronizedList(new ArrayList<>()));
        SqsSource source = new SqsSource(sqs, intake, region.scheduler(), Runnable::run, SqsSource.Settings.defaults(url),
                java.util.Optional.of(inbox));
        region.scheduler().await(source.start(), Duration.ofMinutes(1));
        int n = SimQueues.visibleOrInFlight(region, url);
        assertThat(region.scheduler().runUntil(() -> source.inFlight() == n, Duration.ofMinutes(1))).isTrue();
        source.crash();
        assertThat(stuck.drained).isEmpty();
        return source;
    }

    /** Keys whose first {@code times} claims each are answered IN_PROGRESS: the dead process's claims, until they lapse. */
    private static IdempotencyStore lingering(IdempotencyStore keys, int times) {
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        Map<String, String> deadOwner = new ConcurrentHashMap<>(); // key -> the event the dead handling claimed it for
        return (IdempotencyStore) Proxy.newProxyInstance(IdempotencyStore.class.getClassLoader(),
                new Class<?>[]{IdempotencyStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("claim")) {
                        if (seen.computeIfAbsent((String) args[0], k -> new AtomicInteger()).getAndIncrement() < times) {
                            deadOwner.put((String) args[0], (String) args[1]);
                            return IdempotencyStore.Claim.IN_PROGRESS;
                        }
                        deadOwner.remove((String) args[0]);
                    }
                    if (method.getName().equals("owner") && deadOwner.containsKey((String) args[0])) {
                        return java.util.Optional.of(deadOwner.get((String) args[0]));
                    }
                    try {
                        return method.invoke(keys, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

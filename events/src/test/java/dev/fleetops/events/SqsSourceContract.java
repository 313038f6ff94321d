package dev.fleetops.events;

import dev.fleetops.events.sources.SqsSource;
import dev.fleetops.time.RealScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import static dev.fleetops.events.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQS source against a real SQS implementation (ElasticMQ in-process, moto): delete only when done,
 * redelivery after a crash causes nothing new, poison messages end in the DLQ, visibility extended while a
 * long handler runs. Real wall-clock time: timeouts are kept short.
 */
abstract class SqsSourceContract {

    abstract SqsAsyncClient sqs();

    final RealScheduler scheduler = new RealScheduler();
    final ExecutorService pool = Executors.newFixedThreadPool(4);
    final DrainCounter counter = new DrainCounter();
    final PrometheusMetrics metrics = new PrometheusMetrics();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Intake intake = Fixtures.intake(scheduler, counter, metrics, log);
    final List<SqsSource> sources = new ArrayList<>();

    @AfterEach
    void stop() {
        sources.forEach(SqsSource::crash);
        pool.shutdownNow();
        scheduler.close();
    }

    String queue(Map<QueueAttributeName, String> attributes) {
        return sqs().createQueue(b -> b.queueName("q-" + UUID.randomUUID().toString().substring(0, 8)).attributes(attributes))
                .join().queueUrl();
    }

    String arn(String url) {
        return sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).join()
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    SqsSource source(SqsSource.Settings settings) {
        SqsSource s = new SqsSource(sqs(), intake, scheduler, pool, settings);
        sources.add(s);
        s.start().join();
        return s;
    }

    static SqsSource.Settings fast(String url) {
        return SqsSource.Settings.defaults(url).withTimings(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    void send(String url, String body) {
        sqs().sendMessage(b -> b.queueUrl(url).messageBody(body)).join();
    }

    /** Messages in the queue, visible or not. */
    int depth(String url) {
        var a = sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).join().attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    static void eventually(BooleanSupplier condition, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not met within " + max);
            Thread.sleep(50); // test-side polling of an external server in real time
        }
    }

    @Test
    void everyEventIsHandledOnceAndDeletedAndTheTestNotificationIsDropped() throws Exception {
        String url = queue(Map.of());
        SqsSource source = source(fast(url));
        send(url, SPOT);
        send(url, REBALANCE);
        send(url, sns(STATE_TERMINATED));
        send(url, TEST_NOTIFICATION);
        eventually(() -> source.deleted() == 4, Duration.ofSeconds(20));
        assertThat(counter.drained).containsExactlyInAnyOrder("i-1234567890abcdef0", "i-abcd1111");
        eventually(() -> depth(url) == 0, Duration.ofSeconds(10));
        assertThat(metrics.count("received", "sqs")).isEqualTo(4);
    }

    @Test
    void aCrashBetweenHandlingAndDeleteLeadsToRedeliveryAndNoSecondDrain() throws Exception {
        String url = queue(Map.of());
        SqsSource first = source(fast(url));
        counter.afterEffect = () -> {
            first.crash();
            counter.afterEffect = () -> { };
        };
        send(url, SPOT);
        eventually(() -> counter.drained.size() == 1, Duration.ofSeconds(20));
        assertThat(first.deleted()).isZero();
        SqsSource second = source(fast(url));
        eventually(() -> second.deleted() == 1, Duration.ofSeconds(20));
        assertThat(counter.drained).hasSize(1);
        assertThat(metrics.duplicates()).isEqualTo(1);
        eventually(() -> depth(url) == 0, Duration.ofSeconds(10));
    }

    @Test
    void aPoisonMessageLandsInTheDeadLetterQueueThroughTheRedrivePolicy() throws Exception {
        String dlq = queue(Map.of());
        String url = queue(Map.of(QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arn(dlq) + "\",\"maxReceiveCount\":\"2\"}"));
        source(fast(url));
        send(url, "this is not an event");
        eventually(() -> depth(dlq) == 1, Duration.ofSeconds(30));
        Message m = sqs().receiveMessage(b -> b.queueUrl(dlq)).join().messages().get(0);
        assertThat(m.body()).isEqualTo("this is not an event");
        assertThat(depth(url)).isZero();
        assertThat(log).anyMatch(l -> l.contains("left to the queue's redrive policy") && l.contains("not JSON"));
        assertThat(metrics.deadLetteredCount()).isEqualTo(1);
    }

    @Test
    void aPoisonMessageIsMovedToTheConfiguredDeadLetterQueueWithTheReason() throws Exception {
        String dlq = queue(Map.of());
        String url = queue(Map.of());
        source(fast(url).withDeadLetterQueue(dlq));
        send(url, "{\"detail-type\":\"EC2 Spot Instance Interruption Warning\"}");
        eventually(() -> depth(dlq) == 1, Duration.ofSeconds(20));
        Message m = sqs().receiveMessage(b -> b.queueUrl(dlq).messageAttributeNames("All")).join().messages().get(0);
        assertThat(m.messageAttributes().get("fleetops-reason").stringValue()).isEqualTo("id: missing");
        eventually(() -> depth(url) == 0, Duration.ofSeconds(10));
    }

    @Test
    void visibilityIsExtendedWhileALongHandlerRunsSoNoOtherConsumerSeesTheMessage() throws Exception {
        String url = queue(Map.of());
        CompletableFuture<Void> release = new CompletableFuture<>();
        counter.gate = release;
        SqsSource source = source(fast(url));
        send(url, SPOT);
        eventually(() -> source.inFlight() == 1, Duration.ofSeconds(10));
        // for 5 s (2.5 visibility timeouts) a competing consumer must not get the message
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end) {
            assertThat(sqs().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).join().messages()).isEmpty();
        }
        assertThat(source.visibilityExtensions()).isGreaterThanOrEqualTo(3);
        release.complete(null);
        eventually(() -> source.deleted() == 1, Duration.ofSeconds(10));
        assertThat(counter.drained).hasSize(1);
    }

    @Test
    void aFailedHandlingIsNeverDeletedAndIsRetried() throws Exception {
        String url = queue(Map.of());
        counter.failuresLeft.set(1);
        SqsSource source = source(fast(url));
        send(url, SPOT);
        eventually(() -> source.deleted() == 1, Duration.ofSeconds(20));
        assertThat(counter.drained).hasSize(1);
        assertThat(metrics.count("failed", "drain-counter")).isEqualTo(1);
    }

    @Test
    void gracefulStopReleasesInFlightMessagesAtOnce() throws Exception {
        String url = queue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"));
        counter.gate = new CompletableFuture<>();
        SqsSource source = source(fast(url).withTimings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(1)));
        send(url, SPOT);
        eventually(() -> source.inFlight() == 1, Duration.ofSeconds(10));
        source.stop(Duration.ofMillis(200)).get();
        List<Message> again = sqs().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).join().messages();
        assertThat(again).hasSize(1);
        assertThat(again.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
        assertThat(log).anyMatch(l -> l.startsWith("released in-flight message"));
    }
}

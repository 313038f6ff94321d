package dev.fleetops.events;

import dev.fleetops.events.sources.SqsSource;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messages of one receive are deleted together: one DeleteMessageBatch, sent as the last of them is handled
 * (not one per message, not after a linger, not mixed across receives). On the simulator's SQS in virtual time,
 * the calls counted through a proxy of its client.
 */
class SqsSourceBatchingTest {

    @Test
    void eachReceiveIsDeletedInOneBatchAsItsLastMessageIsHandled() {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of("size", "1")));
        SqsAsyncClient real = region.cloud().sqs();
        List<Instant> received = new CopyOnWriteArrayList<>(); // when each non-empty receive was answered
        List<Instant> deleted = new CopyOnWriteArrayList<>();  // when each DeleteMessageBatch was sent
        SqsAsyncClient counting = (SqsAsyncClient) Proxy.newProxyInstance(SqsAsyncClient.class.getClassLoader(),
                new Class<?>[]{SqsAsyncClient.class}, (proxy, method, args) -> {
                    Object r;
                    try {
                        r = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("deleteMessageBatch")) deleted.add(region.scheduler().now());
                    if (method.getName().equals("receiveMessage")) {
                        r = ((CompletableFuture<?>) r).thenApply(x -> {
                            if (!((ReceiveMessageResponse) x).messages().isEmpty()) received.add(region.scheduler().now());
                            return x;
                        });
                    }
                    return r;
                });
        String url = region.scheduler().await(real.createQueue(b -> b.queueName("batching")), Duration.ofMinutes(1)).queueUrl();
        for (int i = 0; i < 25; i++) { // receives of 10, 10 and 5
            String body = Fixtures.SPOT.replace("\"id\":\"spot-1\"", "\"id\":\"spot-batch-" + i + "\"");
            region.scheduler().await(real.sendMessage(b -> b.queueUrl(url).messageBody(body)), Duration.ofMinutes(1));
        }
        PrometheusMetrics metrics = new PrometheusMetrics();
        Intake intake = Fixtures.intake(region.scheduler(), new Fixtures.DrainCounter(), metrics, Collections.synchronizedList(new ArrayList<>()));
        SqsSource source = new SqsSource(counting, intake, region.scheduler(), Runnable::run,
                SqsSource.Settings.defaults(url).withWorkers(10));
        region.scheduler().await(source.start(), Duration.ofMinutes(1));
        assertThat(region.scheduler().runUntil(() -> source.deleted() == 25, Duration.ofMinutes(5))).isTrue();
        source.crash();
        assertThat(received).hasSize(3);
        // one batch per receive, sent at the instant its last message was handled: the last receive's five do not
        // wait for a linger to find company
        assertThat(deleted).as("DeleteMessageBatch sent at").containsExactlyElementsOf(received);
    }

    /**
     * Local claims (memory, SQLite): one worker task submits a receive's messages in turn, a malformed one among
     * them not stopping the rest. Remote claims (DynamoDB): one task per message, so no claim waits for another's
     * round trip.
     */
    @Test
    void aReceiveIsOneWorkerTaskWhenClaimsAreLocalAndOneTaskPerMessageWhenTheyAreRemote() {
        assertThat(handOff(false)).as("tasks with local claims").isEqualTo(3);
        assertThat(handOff(true)).as("tasks with remote claims").isEqualTo(25);
    }

    /** 24 spot warnings and one malformed message through a source over workers 10; returns the tasks it ran. */
    private static int handOff(boolean remote) {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of("size", "1")));
        SqsAsyncClient sqs = region.cloud().sqs();
        String url = region.scheduler().await(sqs.createQueue(b -> b.queueName("handoff")), Duration.ofMinutes(1)).queueUrl();
        for (int i = 0; i < 25; i++) {
            String body = i == 7 ? "{not json" : Fixtures.SPOT.replace("\"id\":\"spot-1\"", "\"id\":\"spot-handoff-" + i + "\"")
                    .replace("i-1234567890abcdef0", String.format(java.util.Locale.ROOT, "i-%017x", i));
            region.scheduler().await(sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)), Duration.ofMinutes(1));
        }
        IdempotencyStore local = IdempotencyStores.inMemory(region.scheduler());
        IdempotencyStore store = !remote ? local : (IdempotencyStore) Proxy.newProxyInstance(IdempotencyStore.class.getClassLoader(),
                new Class<?>[]{IdempotencyStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("remote")) return true;
                    try {
                        return method.invoke(local, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Fixtures.DrainCounter counter = new Fixtures.DrainCounter();
        Intake intake = Fixtures.intake(region.scheduler(), counter, new PrometheusMetrics(),
                Collections.synchronizedList(new ArrayList<>()), store);
        java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();
        SqsSource source = new SqsSource(sqs, intake, region.scheduler(), task -> {
            tasks.incrementAndGet();
            task.run();
        }, SqsSource.Settings.defaults(url).withWorkers(10));
        region.scheduler().await(source.start(), Duration.ofMinutes(1));
        assertThat(region.scheduler().runUntil(() -> source.deleted() == 25, Duration.ofMinutes(5))).isTrue();
        source.crash();
        assertThat(counter.drained).as("drained, remote " + remote).hasSize(24);
        return tasks.get();
    }
}

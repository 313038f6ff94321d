package dev.fleetops.events;

import dev.fleetops.events.sources.HttpIntake;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.json.Json;
import dev.fleetops.time.RealScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.fleetops.events.Fixtures.DrainCounter;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable HTTP intake: an event answered 202 is in the inbox before the answer, so a process that stops before
 * handling it (killed, or past its shutdown grace) handles it at the next start, once.
 */
class HttpIntakeInboxTest {

    @TempDir
    Path store;

    final RealScheduler scheduler = new RealScheduler();
    final ExecutorService callbacks = Executors.newSingleThreadExecutor();
    final HttpClient client = HttpClient.newHttpClient();
    final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        stop();
        scheduler.close();
        callbacks.shutdown();
    }

    /** The process goes away: what it did not mark done in its store stays there. */
    void stop() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) c.close();
        open.clear();
    }

    /** One "process": its journal, keys and HTTP intake over the store directory. */
    HttpIntake process(DrainCounter counter, java.util.concurrent.Executor dispatch) throws Exception {
        Journal journal = Journals.sqlite(store, scheduler, callbacks);
        IdempotencyStore keys = IdempotencyStores.sqlite(store, scheduler, true);
        Intake intake = Fixtures.intake(scheduler, counter, new PrometheusMetrics(), new ArrayList<>(), keys);
        HttpIntake http = new HttpIntake(new InetSocketAddress("127.0.0.1", 0), intake, Optional.of("s3cret-s3cret-s3cret"),
                new PrometheusMetrics(), () -> true, dispatch, Optional.of(journal.inbox()),
                () -> Json.object().put("single-consumer-only", true));
        open.add(journal);
        open.add((AutoCloseable) keys);
        open.add(http);
        return http;
    }

    static String spot(int n) {
        return Fixtures.SPOT.replace("spot-1", "spot-" + n).replace("i-1234567890abcdef0", String.format("i-%017x", n));
    }

    int post(HttpIntake http, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/events"))
                .header("Authorization", "Bearer s3cret-s3cret-s3cret").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void twentyEventsAcceptedByAProcessThatStoppedBeforeHandlingThemAreHandledOnceAtTheNextStart() throws Exception {
        DrainCounter first = new DrainCounter();
        HttpIntake dead = process(first, task -> { }); // dies after the 202s, before any handling
        for (int n = 1; n <= 20; n++) assertThat(post(dead, spot(n))).isEqualTo(202);
        assertThat(first.drained).isEmpty();
        stop();

        DrainCounter second = new DrainCounter();
        HttpIntake restarted = process(second, Runnable::run);
        assertThat(restarted.handlePending()).isEqualTo(20);
        restarted.drain().get();
        assertThat(second.drained).hasSize(20).doesNotHaveDuplicates();
        assertThat(restarted.handlePending()).as("nothing left in the inbox").isZero();
    }

    @Test
    void eventsInFlightWhenTheProcessDiedAreTakenOverAndActedOnOnce() throws Exception {
        DrainCounter first = new DrainCounter();
        first.gate = new CompletableFuture<>(); // the handlers hang: in flight when the process dies
        HttpIntake dead = process(first, Runnable::run);
        for (int n = 1; n <= 20; n++) assertThat(post(dead, spot(n))).isEqualTo(202);
        assertThat(dead.inFlight()).isEqualTo(20);
        stop();

        DrainCounter second = new DrainCounter();
        HttpIntake restarted = process(second, Runnable::run);
        assertThat(restarted.handlePending()).isEqualTo(20);
        restarted.drain().get();
        assertThat(second.drained).as("the dead process's claims were taken over").hasSize(20).doesNotHaveDuplicates();
        assertThat(first.drained).isEmpty();
    }

    @Test
    void drainWaitsForAcceptedEventsAndLeavesTheInboxEmpty() throws Exception {
        DrainCounter counter = new DrainCounter();
        CompletableFuture<Void> gate = new CompletableFuture<>();
        counter.gate = gate;
        HttpIntake http = process(counter, Runnable::run);
        for (int n = 1; n <= 5; n++) assertThat(post(http, spot(n))).isEqualTo(202);
        http.stopAccepting();
        assertThat(post(http, spot(6))).as("503 while shutting down").isEqualTo(503);
        CompletableFuture<Void> drained = http.drain();
        assertThat(drained).isNotDone();
        gate.complete(null);
        drained.get();
        assertThat(counter.drained).hasSize(5);
        SqsSourceContract.eventually(() -> http.inFlight() == 0, Duration.ofSeconds(5));
        assertThat(http.handlePending()).isZero();
    }
}

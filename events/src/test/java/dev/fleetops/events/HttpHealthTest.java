package dev.fleetops.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.sources.HttpIntake;
import dev.fleetops.json.Json;
import dev.fleetops.time.RealScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** /healthz runs named checks and says which failed; /readyz waits for start-up and the checks. */
class HttpHealthTest {

    final RealScheduler scheduler = new RealScheduler();
    final PrometheusMetrics metrics = new PrometheusMetrics();
    final HttpClient client = HttpClient.newHttpClient();
    final HttpIntake http;
    final AtomicBoolean started = new AtomicBoolean();
    final Health health = new Health().scheduler(scheduler, Duration.ofSeconds(1))
            .check("journal", () -> CompletableFuture.completedFuture(null));
    SqsAsyncClient sqs;

    HttpHealthTest() throws Exception {
        http = new HttpIntake(new InetSocketAddress("127.0.0.1", 0),
                Fixtures.intake(scheduler, new Fixtures.DrainCounter(), metrics, Collections.synchronizedList(new ArrayList<>())),
                Optional.of("s3cret"), metrics, () -> true);
        http.health(health, started::get);
    }

    @AfterEach
    void close() {
        if (sqs != null) sqs.close();
        http.close();
        scheduler.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A queue URL on a loopback port nothing listens on: the queue cannot be reached. */
    private String unreachableQueue() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        sqs = SqsAsyncClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:" + port))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example")))
                .build();
        String url = "http://127.0.0.1:" + port + "/000000000000/events";
        health.queue(sqs, url);
        return url;
    }

    @Test
    void healthzListsEachCheckAndFailsWhenTheQueueIsUnreachable() throws Exception {
        HttpResponse<String> ok = get("/healthz");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode body = Json.parse(ok.body());
        assertThat(body.path("status").asText()).isEqualTo("ok");
        assertThat(body.path("checks").path("scheduler").path("ok").asBoolean()).isTrue();
        assertThat(body.path("checks").path("journal").path("ok").asBoolean()).isTrue();

        String queue = unreachableQueue();
        HttpResponse<String> failing = get("/healthz");
        assertThat(failing.statusCode()).as(failing.body()).isEqualTo(503);
        JsonNode f = Json.parse(failing.body());
        assertThat(f.path("status").asText()).isEqualTo("failing");
        assertThat(f.path("checks").path("queue " + queue).path("ok").asBoolean()).isFalse();
        assertThat(f.path("checks").path("queue " + queue).path("error").asText()).isNotEmpty();
        assertThat(f.path("checks").path("journal").path("ok").asBoolean()).isTrue();
        assertThat(health.last().get("queue " + queue).ok()).isFalse(); // remembered as the last result
    }

    @Test
    void readyzIsReadyOnlyOnceStartedAndWithEveryCheckPassing() throws Exception {
        HttpResponse<String> starting = get("/readyz");
        assertThat(starting.statusCode()).isEqualTo(503);
        assertThat(Json.parse(starting.body()).path("reason").asText()).startsWith("starting");

        started.set(true);
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(Json.parse(ready.body()).path("ready").asBoolean()).isTrue();

        String queue = unreachableQueue();
        HttpResponse<String> failing = get("/readyz");
        assertThat(failing.statusCode()).isEqualTo(503);
        JsonNode failed = Json.parse(failing.body()).path("failing");
        assertThat(failed.size()).isEqualTo(1);
        assertThat(failed.has("queue " + queue)).isTrue();
    }
}

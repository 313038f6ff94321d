package dev.fleetops.events;

import dev.fleetops.events.sources.HttpIntake;
import dev.fleetops.time.RealScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static dev.fleetops.events.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class HttpIntakeTest {

    final RealScheduler scheduler = new RealScheduler();
    final DrainCounter counter = new DrainCounter();
    final PrometheusMetrics metrics = new PrometheusMetrics();
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final HttpIntake http;
    final HttpClient client = HttpClient.newHttpClient();

    HttpIntakeTest() throws Exception {
        http = new HttpIntake(new InetSocketAddress("127.0.0.1", 0), Fixtures.intake(scheduler, counter, metrics, log),
                Optional.of("s3cret"), metrics, () -> true);
    }

    @AfterEach
    void close() {
        http.close();
        scheduler.close();
    }

    HttpResponse<String> post(String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/events"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) b.header("Authorization", auth);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEventWithTheTokenIsAcceptedAndHandled() throws Exception {
        HttpResponse<String> r = post(SPOT, "Bearer s3cret");
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{\"results\":[{\"status\":\"accepted\",\"id\":\"spot-1\"}]}");
        SqsSourceContract.eventually(() -> counter.drained.size() == 1, java.time.Duration.ofSeconds(5));
    }

    @Test
    void anArrayOfEventsIsAcceptedItemByItem() throws Exception {
        HttpResponse<String> r = post("[" + SPOT + "," + STATE_TERMINATED + "]", "Bearer s3cret");
        assertThat(r.statusCode()).isEqualTo(202);
        SqsSourceContract.eventually(() -> counter.drained.size() == 2, java.time.Duration.ofSeconds(5));
    }

    @Test
    void withoutOrWithAWrongTokenItIs401AndNothingHappens() throws Exception {
        assertThat(post(SPOT, null).statusCode()).isEqualTo(401);
        assertThat(post(SPOT, "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(post(SPOT, "Basic czNjcmV0").statusCode()).isEqualTo(401);
        assertThat(counter.drained).isEmpty();
        assertThat(metrics.count("received", "http")).isZero();
    }

    @Test
    void malformedEventsAre400WithTheReason() throws Exception {
        HttpResponse<String> notJson = post("{oops", "Bearer s3cret");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("not JSON");
        HttpResponse<String> unknown = post("{\"a\":1}", "Bearer s3cret");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("\"status\":\"rejected\"").contains("unknown message");
    }

    @Test
    void getOnEventsIs405AndMetricsAndHealthAnswer() throws Exception {
        var get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/events")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        post(SPOT, "Bearer s3cret");
        var m = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.body()).contains("fleetops_events_received_total{source=\"http\"} 1.0");
        var h = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(h.statusCode()).isEqualTo(200);
        http.stopAccepting();
        assertThat(post(SPOT, "Bearer s3cret").statusCode()).isEqualTo(503);
    }
}

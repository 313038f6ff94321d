package dev.fleetops.events;

import dev.fleetops.events.sources.HttpIntake;
import dev.fleetops.time.RealScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send their headers a byte at a time do not hold the intake's threads from the others; past the
 * connection limit a connection is refused, not queued; a request that never finishes its headers is closed after
 * the read timeout.
 */
class HttpSlowClientTest {

    final RealScheduler scheduler = new RealScheduler();
    final PrometheusMetrics metrics = new PrometheusMetrics();
    final HttpIntake http;
    final List<Socket> slow = new ArrayList<>();

    HttpSlowClientTest() throws Exception {
        http = new HttpIntake(new InetSocketAddress("127.0.0.1", 0),
                Fixtures.intake(scheduler, new Fixtures.DrainCounter(), metrics, Collections.synchronizedList(new ArrayList<>())),
                Optional.of("s3cret"), metrics, () -> true);
    }

    @AfterEach
    void close() throws Exception {
        for (Socket s : slow) s.close();
        http.close();
        scheduler.close();
    }

    @Test
    void aNormalRequestIsAnsweredWhileFourClientsTrickleTheirHeaders() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        // one answered request first: the slow connections below are then surely accepted after the server is up
        URI metricsUri = URI.create("http://127.0.0.1:" + http.port() + "/metrics");
        assertThat(client.send(HttpRequest.newBuilder(metricsUri).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        for (int i = 0; i < 4; i++) {
            trickling(); // the start of a request, as a client sending 1 byte/s would have sent it after a few seconds
        }
        // the request timeout only keeps a regression from hanging the build; the assertion is that it is answered
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(metricsUri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("# TYPE fleetops_build_info gauge");
        for (Socket s : slow) assertThat(s.isClosed()).isFalse(); // still open while the other was answered
        slow.get(0).getOutputStream().write("st: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)); // and a slow one finishes
        slow.get(0).getOutputStream().flush();
        String answer = new String(slow.get(0).getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        assertThat(answer).isEqualTo("HTTP/1.1 200");
    }

    /** A socket that sent the start of a request and stops there (as a 1 byte/s client does). */
    private Socket trickling() throws Exception {
        Socket s = new Socket("127.0.0.1", http.port());
        s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
        return s;
    }

    /** Reads the first bytes of an answer: "" when the server closed or reset the connection without one. */
    private static String answer(Socket s) throws Exception {
        s.setSoTimeout(20_000); // keeps a regression from hanging the build; the assertion is on what came back
        try {
            return new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }

    @Test
    void pastTheConnectionLimitAConnectionIsRefusedAndServingResumesWhenOnesClose() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI metricsUri = URI.create("http://127.0.0.1:" + http.port() + "/metrics");
        assertThat(client.send(HttpRequest.newBuilder(metricsUri).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        for (int i = 0; i < HttpIntake.MAX_CONNECTIONS; i++) trickling();
        // every thread holds a trickling connection (the JDK server reads headers on the executor's thread): one
        // more complete request is closed unanswered, not parked behind them
        Socket extra = new Socket("127.0.0.1", http.port());
        slow.add(extra);
        extra.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        extra.getOutputStream().flush();
        assertThat(answer(extra)).as("the connection past the limit").isEmpty();
        // the trickling clients give up: the intake serves again
        for (Socket s : slow) s.close();
        slow.clear();
        HttpResponse<String> r = null;
        for (int i = 0; i < 200 && (r == null || r.statusCode() != 200); i++) {
            try {
                r = client.send(HttpRequest.newBuilder(metricsUri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException refusedWhileThreadsWindDown) {
                Thread.onSpinWait();
            }
        }
        assertThat(r).isNotNull();
        assertThat(r.statusCode()).isEqualTo(200);
    }
}

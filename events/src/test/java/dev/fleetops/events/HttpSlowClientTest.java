package dev.fleetops.events;

import dev.fleetops.events.sources.HttpIntake;
import dev.fleetops.time.RealScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
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

/** Clients that send their headers a byte at a time do not hold the intake's threads from the others. */
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
            Socket s = new Socket("127.0.0.1", http.port());
            OutputStream out = s.getOutputStream();
            // the start of a request, as a client sending 1 byte/s would have sent it after a few seconds
            for (byte b : "GET /healthz HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }
            slow.add(s);
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
}

package dev.fleetops.events;

import dev.fleetops.events.sources.HttpIntake;
import dev.fleetops.time.RealScheduler;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that never finishes its request headers is closed by the intake's read timeout
 * ({@code sun.net.httpserver.maxReqTime}, 30 s by default, docs/observability.md). The JDK reads that property once per
 * process, so the intake runs in a child JVM with it at 1 s: the test waits for the close, it does not time it.
 */
class TricklingRequestTimeoutTest {

    /** The child: an intake on a free loopback port; prints the port, serves until stdin closes. */
    public static void main(String[] args) throws Exception {
        RealScheduler scheduler = new RealScheduler();
        PrometheusMetrics metrics = new PrometheusMetrics();
        try (HttpIntake http = new HttpIntake(new InetSocketAddress("127.0.0.1", 0),
                Fixtures.intake(scheduler, new Fixtures.DrainCounter(), metrics, Collections.synchronizedList(new ArrayList<>())),
                Optional.of("s3cret"), metrics, () -> true)) {
            System.out.println(http.port());
            System.out.flush();
            while (System.in.read() != -1) Thread.onSpinWait();
        } finally {
            scheduler.close();
        }
    }

    @Test
    void aRequestWhoseHeadersNeverEndIsClosed() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsun.net.httpserver.maxReqTime=1", "-cp", System.getProperty("java.class.path"),
                TricklingRequestTimeoutTest.class.getName());
        Process child = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)).readLine().trim());
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("GET /healthz HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.setSoTimeout(60_000); // only keeps a regression from hanging the build
                int first;
                try {
                    first = s.getInputStream().read();
                } catch (java.net.SocketException reset) {
                    first = -1;
                }
                assertThat(first).as("the server closed the trickling connection without an answer").isEqualTo(-1);
            }
        } finally {
            child.getOutputStream().close();
            child.destroy();
            child.waitFor();
        }
    }
}

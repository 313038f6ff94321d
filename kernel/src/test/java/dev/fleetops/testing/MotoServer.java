package dev.fleetops.testing;

import dev.fleetops.cloud.AwsCloud;
import dev.fleetops.cloud.AwsSettings;
import dev.fleetops.cloud.Cloud;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A moto server ({@code python3 -m moto.server}) on a free loopback port, as the real-API peer of parity and
 * integration tests: real SDK v2 clients over HTTP, dummy credentials, region us-east-1, account 123456789012.
 * docs/simulator.md lists where moto models AWS differently from the simulator.
 *
 * <p>{@link #shared()} starts one server per test JVM (stopped at JVM exit) or, when python3 or the moto module is
 * missing, skips the calling test with "moto not installed: ...". With {@code FLEETOPS_REQUIRE_MOTO=1} (CI) a
 * missing moto fails the test instead. A moto that is installed but does not come up always fails.
 */
public final class MotoServer implements AutoCloseable {

    public static final String REQUIRE_ENV = "FLEETOPS_REQUIRE_MOTO";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;
    /** Environment switches that make moto validate AMIs and types even when set to "false" (moto.md section 1). */
    private static final List<String> VALIDATION_SWITCHES =
            List.of("MOTO_ENABLE_AMI_VALIDATION", "MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION");

    private static MotoServer shared;
    private static String notInstalled;
    private static RuntimeException startFailure;

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Cloud cloud;

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * The server shared by every test of this JVM, started on first use. Skips (or, with
     * {@code FLEETOPS_REQUIRE_MOTO=1}, fails) the calling test when moto is not installed.
     */
    public static synchronized MotoServer shared() {
        if (shared == null && notInstalled == null && startFailure == null) {
            notInstalled = probe().orElse(null);
            if (notInstalled == null) {
                try {
                    shared = start();
                    Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "moto-server-stop"));
                } catch (RuntimeException e) {
                    startFailure = e;
                }
            }
        }
        if (startFailure != null) throw new IllegalStateException("moto did not start", startFailure);
        if (notInstalled != null) {
            if (required()) {
                throw new IllegalStateException("moto not installed: " + notInstalled + " (" + REQUIRE_ENV
                        + "=1 requires it; install with: pip install 'moto[server]==5.2.1')");
            }
            Assumptions.assumeTrue(false, "moto not installed: " + notInstalled);
        }
        return shared;
    }

    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_ENV));
    }

    /** Starts a new server of its own; the caller closes it. Prefer {@link #shared()}. */
    public static MotoServer start() {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            // The port is free when probed; another process may take it before moto binds: then retry.
            int port = freeLoopbackPort();
            try {
                return startOn(port);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Path log() {
        return log;
    }

    /** Forgets every resource of every service (POST /moto-api/reset). */
    public void reset() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("moto reset answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Real SDK v2 async clients against this server: dummy credentials, us-east-1, retries off. */
    public synchronized Cloud cloud() {
        if (cloud == null) {
            // DefaultCredentialsProvider reads these first; moto accepts any pair.
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            // Retries off: moto answers unimplemented operations with HTTP 500; a gap must fail once, clearly.
            cloud = AwsCloud.create(new AwsSettings(Optional.of(REGION), Optional.empty(), Optional.of(endpoint),
                    false));
        }
        return cloud;
    }

    @Override
    public synchronized void close() {
        if (cloud != null) cloud.close();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return why moto cannot run here, or empty when python3 can import moto.server (also for a benchmark that
     *         needs moto: it says so instead of failing to start it)
     */
    public static Optional<String> probe() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import moto.server")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(PROBE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("python3 -c 'import moto.server' did not finish in " + PROBE_TIMEOUT);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                String[] lines = out.split("\n");
                return Optional.of("python3 cannot import moto.server: " + lines[lines.length - 1]);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("python3 not found (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing python3");
        }
    }

    private static MotoServer startOn(int port) {
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path log = logFile(port);
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1",
                    "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            VALIDATION_SWITCHES.forEach(pb.environment()::remove);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start python3 -m moto.server", e);
        }
        MotoServer server = new MotoServer(process, endpoint, log);
        try {
            server.awaitReady();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET()
                .timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto.server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    // Another moto (another build on this machine) may own the port our child failed to bind: only a
                    // child still alive a moment after the answer is ours.
                    Thread.sleep(700);
                    if (process.isAlive()) return;
                    throw new IllegalStateException("moto.server exited with " + process.exitValue()
                            + " (port taken?); see " + log);
                }
            } catch (IOException notYetListening) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
            try {
                // Real time: a real child process is starting (about 1.5 s); nothing virtual here.
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto", e);
            }
        }
        throw new IllegalStateException("moto.server not ready on " + endpoint + " within " + READY_TIMEOUT
                + "; see " + log);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("moto at " + endpoint + " did not answer; see " + log, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static Path logFile(int port) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "moto"));
            return dir.resolve("moto-server-" + port + ".log").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create target/moto for the moto log", e);
        }
    }
}

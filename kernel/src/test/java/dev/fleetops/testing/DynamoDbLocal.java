package dev.fleetops.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local ({@code com.amazonaws:DynamoDBLocal}) in-process and in memory on a free port, with an SDK v2
 * async client for it (endpointOverride, dummy credentials, us-east-1). {@code -sharedDb}: one database whatever
 * the credentials and region (without it DynamoDB Local keeps one per access key, and a CLI run would not see the
 * test's tables). Its SQLite engine needs sqlite4java's
 * native library, which core's pom copies to {@code target/native-libs} and names in
 * {@code sqlite4java.library.path}. When that directory is missing (a test run outside Maven) the calling test is
 * skipped with a message saying so, unless {@code FLEETOPS_REQUIRE_DYNAMODB_LOCAL=1} (CI), where it fails.
 */
public final class DynamoDbLocal implements AutoCloseable {

    public static final String REQUIRE_ENV = "FLEETOPS_REQUIRE_DYNAMODB_LOCAL";

    private final DynamoDBProxyServer server;
    private final int port;
    private final DynamoDbAsyncClient client;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
        this.client = newClient();
    }

    private static DynamoDbLocal shared;

    /**
     * One DynamoDB Local per test JVM (stopped at exit), for tests that use their own table names. Call it from
     * {@code @BeforeEach}, not {@code @BeforeAll}: a skip in {@code @BeforeAll} shows in Surefire as "0 tests run",
     * while per test each one is reported skipped with the reason.
     */
    public static synchronized DynamoDbLocal shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "dynamodb-local-stop"));
        }
        return shared;
    }

    /** Starts a fresh, empty DynamoDB Local, or skips (fails with {@link #REQUIRE_ENV}=1) when it cannot run here. */
    public static DynamoDbLocal start() {
        String natives = System.getProperty("sqlite4java.library.path");
        String missing = natives == null ? "the system property sqlite4java.library.path is not set (run the tests with Maven)"
                : !Files.isDirectory(Path.of(natives)) ? "no sqlite4java natives in " + natives : null;
        if (missing != null) {
            if ("1".equals(System.getenv(REQUIRE_ENV))) throw new IllegalStateException("DynamoDB Local cannot run: " + missing);
            Assumptions.abort("DynamoDB Local cannot run: " + missing);
        }
        int port = freePort();
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
            server.start();
            return new DynamoDbLocal(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e, e);
        }
    }

    /** A new client for this server: one per "replica" in multi-replica tests. Close it after use. */
    public DynamoDbAsyncClient newClient() {
        return DynamoDbAsyncClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    public DynamoDbAsyncClient client() {
        return client;
    }

    public int port() {
        return port;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop: " + e, e);
        }
    }
}

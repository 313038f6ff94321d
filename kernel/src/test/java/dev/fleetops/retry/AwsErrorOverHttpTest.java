package dev.fleetops.retry;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classification of errors as a real SDK client reads them off the wire, from a loopback server answering
 * what EC2 answers (the SDK's own retries off, so the first answer is the error).
 */
class AwsErrorOverHttpTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private Ec2AsyncClient ec2Answering(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return Ec2AsyncClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private AwsError firstError(Ec2AsyncClient ec2) {
        try (ec2) {
            return AwsError.of(ec2.describeInstances(r -> { }).handle((v, e) -> e).join());
        }
    }

    @Test
    void requestLimitExceededFromEc2IsThrottling() throws IOException {
        AwsError e = firstError(ec2Answering(503, "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                + "<Message>Request limit exceeded.</Message></Error></Errors><RequestID>r-1</RequestID></Response>"));

        assertThat(e.kind()).isEqualTo(AwsError.Kind.THROTTLING);
        assertThat(e.describe()).isEqualTo("RequestLimitExceeded (HTTP 503): Request limit exceeded.");
    }

    @Test
    void aBare500IsTransientAndNamesItsStatus() throws IOException {
        AwsError e = firstError(ec2Answering(500, ""));

        assertThat(e.kind()).isEqualTo(AwsError.Kind.TRANSIENT);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.describe()).startsWith("HTTP 500").doesNotContain("null");
    }

    @Test
    void aValidationErrorIsPermanent() throws IOException {
        AwsError e = firstError(ec2Answering(400, "<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code>"
                + "<Message>Invalid id: \"x\"</Message></Error></Errors><RequestID>r-2</RequestID></Response>"));

        assertThat(e.kind()).isEqualTo(AwsError.Kind.PERMANENT);
        assertThat(e.label()).isEqualTo("InvalidInstanceID.Malformed (HTTP 400)");
    }
}

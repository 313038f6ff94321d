package dev.fleetops.cli.common;

import com.sun.net.httpserver.HttpServer;
import dev.fleetops.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS that cannot be reached or answers 500 without an error code: named by its --endpoint-url and its HTTP status,
 * never "null: null", no stack trace. Loopback only; the AWS files are empty temporary files.
 */
class EnvironmentErrorsTest {

    private static final List<String> PROPERTIES = List.of("aws.configFile", "aws.sharedCredentialsFile", "aws.region",
            "aws.profile", "aws.disableEc2Metadata", "aws.accessKeyId", "aws.secretAccessKey");
    private static final String DOC = "schemaVersion: \"0.3\"\nmainSteps:\n  - name: describe\n    action: aws:executeAwsApi\n"
            + "    maxAttempts: 1\n    inputs:\n      Service: ec2\n      Api: DescribeInstances\n";

    @TempDir
    Path dir;
    private final Map<String, String> saved = new HashMap<>();
    private HttpServer server;

    @BeforeEach
    void keys() throws IOException {
        for (String p : PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) saved.put(p, v);
        }
        Files.writeString(dir.resolve("config"), "");
        Files.writeString(dir.resolve("credentials"), "");
        System.setProperty("aws.configFile", dir.resolve("config").toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("credentials").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.accessKeyId", "AKIAEXAMPLE");
        System.setProperty("aws.secretAccessKey", "secret");
        System.clearProperty("aws.profile");
    }

    @AfterEach
    void restore() {
        if (server != null) server.stop(0);
        PROPERTIES.forEach(System::clearProperty);
        saved.forEach(System::setProperty);
    }

    @Test
    void anHttp500WithoutAnErrorCodeNamesTheStatusAndTheOperation() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            requests.incrementAndGet();
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        server.start();
        Path doc = Files.writeString(dir.resolve("Describe.yaml"), DOC);
        CliRun r = CliRun.of("run", doc.toString(), "--cloud", "aws", "--region", "eu-west-1", "--endpoint-url",
                "http://127.0.0.1:" + server.getAddress().getPort(), "--store", dir.resolve("s").toString());
        String all = r.out() + r.err();
        assertThat(r.exitCode()).as(all).isEqualTo(ExitCodes.FAILED);
        assertThat(all).contains("DescribeInstances").contains("HTTP 500").doesNotContain("null: null")
                .doesNotContain("\tat ");
        assertThat(requests.get()).as("retried before failing").isGreaterThan(1);
    }

    @Test
    void anUnreachableEndpointIsNamed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port;
        CliRun r = CliRun.of("wait", "first-ready", "--asg", "web", "--timeout", "5s", "--cloud", "aws", "--region",
                "eu-west-1", "--endpoint-url", url);
        String all = r.out() + r.err();
        assertThat(r.exitCode()).as(all).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(all).contains(url).doesNotContain("\tat ").doesNotContain("internal error");
    }

    /** A runbook whose API step cannot connect: the record says Failed (FailureType Network), the exit code 3. */
    @Test
    void aRunbookThatCannotReachTheEndpointExitsThree() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port;
        Path doc = java.nio.file.Files.writeString(dir.resolve("Describe.yaml"), DOC);
        CliRun r = CliRun.of("--cloud", "aws", "--region", "eu-west-1", "--endpoint-url", url, "-o", "json",
                "run", doc.toString(), "--store", dir.resolve("store").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err()).contains("step describe could not reach AWS at " + url + " (--endpoint-url)")
                .doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(r.out()).contains("\"AutomationExecutionStatus\" : \"Failed\"").contains("\"FailureType\" : \"Network\"");
    }
}

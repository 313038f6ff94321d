package dev.fleetops.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.cloud.AwsCloud;
import dev.fleetops.cloud.AwsSettings;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.sim.wire.SimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fleetops sim serve} as a process, and fleetops's own AWS path against a served region. */
class SimServeCommandTest {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    private static Cloud clients(URI endpoint) {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        return AwsCloud.create(new AwsSettings(Optional.of("us-east-1"), Optional.empty(), Optional.of(endpoint), false));
    }

    private void advance(URI endpoint, int seconds) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/_fleetops/advance?seconds=" + seconds))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void printsTheEndpointFirstServesTheScenarioAndStopsCleanlyOnSigterm() throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.fleetops.cli.Main",
                "--seed", "7", "sim", "serve", "--speed", "0", "--port", "0");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        processes.add(p);
        for (int i = 0; i < 2400 && p.isAlive() && Files.readString(out).lines().findFirst().isEmpty(); i++) {
            TimeUnit.MILLISECONDS.sleep(50); // polls the child's output, a real process: not a measure of time
        }
        String first = Files.readString(out).lines().findFirst().orElseThrow(() -> new AssertionError(read(err)));
        assertThat(first).matches("http://127\\.0\\.0\\.1:\\d+");
        URI endpoint = URI.create(first);

        advance(endpoint, 300);
        try (Cloud cloud = clients(endpoint)) {
            var reservations = cloud.client(Ec2AsyncClient.class).describeInstances(b -> { }).get(30, TimeUnit.SECONDS).reservations();
            assertThat(reservations.stream().flatMap(r -> r.instances().stream()).map(i -> i.state().nameAsString()))
                    .hasSize(3).containsOnly("running");
        }

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(read(err)).isEqualTo(143); // the JVM's status after SIGTERM once its hooks ran
        assertThat(read(err)).contains("fleetops sim serve: stopped").doesNotContain("Exception");
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliRun speed = CliRun.of("sim", "serve", "--speed", "-1");
        assertThat(speed.exitCode()).isEqualTo(2);
        assertThat(speed.err()).contains("--speed must be a number >= 0, got -1.0");
        CliRun port = CliRun.of("sim", "serve", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be between 0 and 65535");
        CliRun aws = CliRun.of("--cloud", "aws", "sim", "serve");
        assertThat(aws.exitCode()).isEqualTo(2);
        assertThat(aws.err()).contains("sim serve serves the simulator");
        CliRun credentials = CliRun.of("sim", "serve", "--credentials", "AKIDONLY");
        assertThat(credentials.exitCode()).isEqualTo(2);
        assertThat(credentials.err()).contains("--credentials: expected KEY:SECRET");
    }

    @Test
    void waitFirstReadyOnTheAwsPathFindsTheServedGroupsInstances() throws Exception {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()), 7);
        try (SimServer server = SimServer.start(region, new SimServer.Options("127.0.0.1", 0, 0))) {
            advance(server.endpoint(), 300);
            clients(server.endpoint()).close(); // sets the test credentials the command's clients read
            CliRun r = CliRun.of("--cloud", "aws", "--region", "us-east-1", "--endpoint-url", server.endpoint().toString(),
                    "wait", "first-ready", "--asg", "web", "--timeout", "1m", "--store", dir.resolve("store").toString(), "-o", "json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode j = Json.parse(r.out());
            assertThat(j.get("Status").asText()).isEqualTo("READY");
            assertThat(j.get("Instances")).hasSize(3);
            assertThat(j.at("/ApiCalls/ec2:DescribeInstanceStatus").asInt()).isEqualTo(1);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

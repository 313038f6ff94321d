package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.cloud.AwsCloud;
import dev.fleetops.cloud.AwsSettings;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.elbv2.TrafficGenerator;
import dev.fleetops.sim.elbv2.TrafficReport;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.sim.wire.SimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004's proof over the wire: the web scenario served by {@link SimServer} with 2 requests/s on its ALB, and
 * both documents run by {@code fleetops --cloud aws --endpoint-url URL run}, the CLI's AWS path with real SDK v2
 * clients. The 5xx are the simulator's own traffic counts, not the run's: the client knows nothing of the ALB's
 * clients. Virtual time runs at {@link #SPEED} x the wall clock, since the AWS path polls on the wall clock; the
 * instance ids and the target group's ARN come from the served region through the admin API and the wire.
 */
class Seed004OverTheWireTest {

    private static final String DOCS = "../examples/runbooks";
    /** Virtual seconds per wall second: the graceful run's 300 s deregistration delay passes in 5 s. */
    private static final double SPEED = 60;
    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.disableEc2Metadata");

    @TempDir
    Path dir;

    private final Map<String, String> saved = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private SimServer server;
    private TrafficGenerator.Running traffic;

    @BeforeEach
    void serve() throws Exception {
        for (String p : PROPERTIES) saved.put(p, System.getProperty(p));
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.disableEc2Metadata", "true"); // AWS_EC2_METADATA_DISABLED=true for an in-process CLI
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()), 7);
        // settled and under traffic before the server owns the region (its thread alone touches it from then on)
        region.scheduler().runFor(Duration.ofMinutes(5));
        traffic = TrafficGenerator.startOpenEnded(region.scheduler(), region.elbv2().alb("web-alb").orElseThrow(), 2);
        server = SimServer.start(region, new SimServer.Options("127.0.0.1", 0, SPEED));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        saved.forEach((k, v) -> {
            if (v == null) System.clearProperty(k);
            else System.setProperty(k, v);
        });
    }

    @Test
    void thePlainRebootSucceedsButTheAlbsClientsSee5xx() throws Exception {
        String instance = firstInstance();
        JsonNode r = run("run", DOCS + "/RebootWithHealthcheck.yaml", "-p", "InstanceIds=" + instance);
        assertThat(r.at("/AutomationExecution/AutomationExecutionStatus").asText()).as(r.toString()).isEqualTo("Success");
        TrafficReport t = stopTraffic();
        assertThat(t.total()).isPositive();
        assertThat(t.serverErrors()).as(t.toString()).isPositive();
        assertThat(t.byTarget().get(instance).serverErrors()).as("the 5xx came from the rebooted instance").isEqualTo(t.serverErrors());
    }

    @Test
    void theGracefulRebootSucceedsWithNo5xx() throws Exception {
        String instance = firstInstance();
        JsonNode r = run("run", "RebootInstanceGraceful", "--docs", DOCS, "-p", "InstanceId=" + instance,
                "-p", "TargetGroupArn=" + targetGroupArn());
        JsonNode j = r.path("AutomationExecution");
        assertThat(j.path("AutomationExecutionStatus").asText()).as(r.toString()).isEqualTo("Success");
        List<String> steps = new ArrayList<>();
        j.path("StepExecutions").forEach(s -> steps.add(s.path("StepName").asText() + "=" + s.path("StepStatus").asText()));
        assertThat(steps).contains("RebootWithHealthcheck=Success", "RegisterTarget=Success", "WaitForHealthyTargetGroup=Success");
        TrafficReport t = stopTraffic();
        assertThat(t.total()).as("traffic ran through the deregistration delay").isGreaterThan(2 * 300);
        assertThat(t.serverErrors()).as(t.toString()).isZero();
        assertThat(t.ok()).isEqualTo(t.total());
        assertThat(t.byTarget().get(instance).total()).as("the instance served before and after its reboot").isPositive();
    }

    /** The report once the server has stopped: its thread, which alone wrote it, has ended. */
    private TrafficReport stopTraffic() {
        server.close();
        TrafficReport t = traffic.report();
        server = null;
        return t;
    }

    private String firstInstance() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/_fleetops/state")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.parse(r.body()).at("/TargetGroups/0/Targets/healthy").asInt()).as(r.body()).isEqualTo(3);
        try (Cloud cloud = AwsCloud.create(new AwsSettings(Optional.of("us-east-1"), Optional.empty(), Optional.of(endpoint()), false))) {
            var page = cloud.client(Ec2AsyncClient.class).describeInstances(b -> { }).get(30, TimeUnit.SECONDS);
            return page.reservations().get(0).instances().get(0).instanceId();
        }
    }

    private String targetGroupArn() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/_fleetops/state")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.parse(r.body()).at("/TargetGroups/0/TargetGroupArn").asText();
    }

    private JsonNode run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--cloud", "aws", "--region", "us-east-1", "--endpoint-url",
                endpoint().toString(), "-o", "json"));
        all.addAll(List.of(args));
        if (args[0].equals("run")) all.addAll(List.of("--store", dir.resolve("store").toString()));
        CliRun r = CliRun.of(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        return Json.parse(r.out());
    }

    private URI endpoint() {
        return server.endpoint();
    }
}

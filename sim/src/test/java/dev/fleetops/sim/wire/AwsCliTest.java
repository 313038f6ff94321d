package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The AWS CLI v1 (botocore's own parsers and AWS's shapes) against the served web scenario. */
class AwsCliTest {

    @TempDir
    Path home;

    private Served served;
    private Clients clients;

    @BeforeEach
    void start() {
        Clients.requireAwsCli();
        served = new Served(Scenarios.start(Scenarios.load("web", Map.of()), 42));
        clients = new Clients(served.endpoint(), home);
        served.advance(300);
    }

    @AfterEach
    void stop() {
        if (served != null) served.close();
    }

    private JsonNode ok(Clients.Result r) throws Exception {
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.parse(r.out());
    }

    @Test
    void describeInstancesTargetHealthAndCallerIdentity() throws Exception {
        JsonNode me = ok(clients.aws("sts", "get-caller-identity"));
        assertThat(me.get("Account").asText()).isEqualTo("123456789012");

        JsonNode instances = ok(clients.aws("ec2", "describe-instances", "--filters", "Name=tag:Name,Values=web"));
        List<String> ids = new ArrayList<>();
        instances.get("Reservations").forEach(r -> r.get("Instances").forEach(i -> {
            ids.add(i.get("InstanceId").asText());
            assertThat(i.get("State").get("Name").asText()).isEqualTo("running");
            assertThat(i.get("LaunchTime").asText()).startsWith("2026-01-05T09:00:00");
        }));
        assertThat(ids).hasSize(3).allMatch(id -> id.matches("i-[0-9a-f]{17}"));

        JsonNode tgs = ok(clients.aws("elbv2", "describe-target-groups", "--names", "web-tg"));
        String arn = tgs.get("TargetGroups").get(0).get("TargetGroupArn").asText();
        JsonNode health = ok(clients.aws("elbv2", "describe-target-health", "--target-group-arn", arn));
        assertThat(health.get("TargetHealthDescriptions")).hasSize(3);
        health.get("TargetHealthDescriptions").forEach(d -> {
            assertThat(ids).contains(d.get("Target").get("Id").asText());
            assertThat(d.get("TargetHealth").get("State").asText()).isEqualTo("healthy");
        });

        JsonNode groups = ok(clients.aws("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "web"));
        assertThat(groups.get("AutoScalingGroups").get(0).get("Instances")).hasSize(3);
    }

    @Test
    void sendCommandThenGetCommandInvocationAfterTimePasses() throws Exception {
        String id = ok(clients.aws("ec2", "describe-instances")).get("Reservations").get(0).get("Instances").get(0)
                .get("InstanceId").asText();
        JsonNode sent = ok(clients.aws("ssm", "send-command", "--document-name", "AWS-RunShellScript", "--instance-ids", id,
                "--parameters", "commands=echo hello"));
        String commandId = sent.get("Command").get("CommandId").asText();
        assertThat(sent.get("Command").get("Status").asText()).isEqualTo("Pending");
        served.advance(60);
        JsonNode invocation = ok(clients.aws("ssm", "get-command-invocation", "--command-id", commandId, "--instance-id", id));
        assertThat(invocation.get("Status").asText()).isEqualTo("Success");
        assertThat(invocation.get("ResponseCode").asInt()).isZero();
    }

    @Test
    void anUnknownInstanceIsTheServicesErrorCode() {
        Clients.Result r = clients.aws("ec2", "describe-instances", "--instance-ids", "i-0123456789abcdef0");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("(InvalidInstanceID.NotFound)").contains("i-0123456789abcdef0");
    }

    @Test
    void route53HostedZonesAndRecordsThroughRestXml() throws Exception {
        JsonNode zone = ok(clients.aws("route53", "create-hosted-zone", "--name", "example.com", "--caller-reference", "cli-1"));
        String id = zone.get("HostedZone").get("Id").asText();
        assertThat(id).startsWith("/hostedzone/");
        JsonNode change = ok(clients.aws("route53", "change-resource-record-sets", "--hosted-zone-id", id, "--change-batch",
                "{\"Changes\":[{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"web.example.com\",\"Type\":\"A\","
                        + "\"TTL\":60,\"ResourceRecords\":[{\"Value\":\"10.0.0.1\"}]}}]}"));
        assertThat(change.get("ChangeInfo").get("Status").asText()).isIn("PENDING", "INSYNC");
        JsonNode records = ok(clients.aws("route53", "list-resource-record-sets", "--hosted-zone-id", id));
        assertThat(records.get("ResourceRecordSets").findValuesAsText("Name")).contains("web.example.com.");
        Clients.Result again = clients.aws("route53", "change-resource-record-sets", "--hosted-zone-id", id, "--change-batch",
                "{\"Changes\":[{\"Action\":\"CREATE\",\"ResourceRecordSet\":{\"Name\":\"web.example.com\",\"Type\":\"A\","
                        + "\"TTL\":60,\"ResourceRecords\":[{\"Value\":\"10.0.0.1\"}]}}]}");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("(InvalidChangeBatch)");
    }
}

package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** boto3 scripts against the served web scenario: seed 003's detach-without-decrement, and an error as botocore reads it. */
class Boto3Test {

    /**
     * Seed 003's Lambda logic in boto3: find the instance's group, detach it without decrementing the desired
     * capacity (so Auto Scaling launches a replacement at once), print what it did.
     */
    private static final String DETACH = """
            import boto3, json
            asg = boto3.client("autoscaling")
            first = asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web"])["AutoScalingGroups"][0]["Instances"][0]
            iid = first["InstanceId"]
            info = asg.describe_auto_scaling_instances(InstanceIds=[iid])["AutoScalingInstances"][0]
            out = asg.detach_instances(InstanceIds=[iid], AutoScalingGroupName=info["AutoScalingGroupName"],
                                       ShouldDecrementDesiredCapacity=False)
            print(json.dumps({"InstanceId": iid, "Group": info["AutoScalingGroupName"],
                              "Activity": out["Activities"][0]["Description"]}))
            """;

    private static final String ERROR = """
            import boto3, botocore, json
            try:
                boto3.client("ec2").describe_instances(InstanceIds=["i-0123456789abcdef0"])
                print(json.dumps({"error": None}))
            except botocore.exceptions.ClientError as e:
                print(json.dumps({"error": e.response["Error"]["Code"],
                                  "status": e.response["ResponseMetadata"]["HTTPStatusCode"]}))
            """;

    @TempDir
    Path home;

    private Served served;
    private Clients clients;

    @BeforeEach
    void start() {
        Clients.requireBoto3();
        served = new Served(Scenarios.start(Scenarios.load("web", Map.of()), 42));
        clients = new Clients(served.endpoint(), home);
        served.advance(300);
    }

    @AfterEach
    void stop() {
        if (served != null) served.close();
    }

    @Test
    void detachingWithoutDecrementGetsAReplacementInServiceAndHealthy() throws Exception {
        Clients.Result r = clients.python(DETACH);
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode did = Json.parse(r.out());
        String detached = did.get("InstanceId").asText();
        assertThat(did.get("Group").asText()).isEqualTo("web");
        assertThat(did.get("Activity").asText()).contains("Detaching EC2 instance: " + detached);

        served.advance(300);

        var group = served.cloud().client(AutoScalingAsyncClient.class)
                .describeAutoScalingGroups(b -> b.autoScalingGroupNames("web")).get(30, TimeUnit.SECONDS).autoScalingGroups().get(0);
        assertThat(group.desiredCapacity()).isEqualTo(3);
        var inService = group.instances().stream().filter(i -> i.lifecycleStateAsString().equals("InService")).toList();
        assertThat(inService).hasSize(3).noneMatch(i -> i.instanceId().equals(detached))
                .allMatch(i -> i.healthStatus().equals("Healthy"));
        var elbv2 = served.cloud().client(ElasticLoadBalancingV2AsyncClient.class);
        String arn = group.targetGroupARNs().get(0);
        var health = elbv2.describeTargetHealth(b -> b.targetGroupArn(arn)).get(30, TimeUnit.SECONDS).targetHealthDescriptions();
        var ids = inService.stream().map(i -> i.instanceId()).toList();
        assertThat(health).filteredOn(d -> ids.contains(d.target().id())).hasSize(3)
                .allMatch(d -> d.targetHealth().stateAsString().equals("healthy"));
    }

    @Test
    void anUnknownInstanceIsAClientErrorWithTheCodeAndStatus() throws Exception {
        Clients.Result r = clients.python(ERROR);
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode e = Json.parse(r.out());
        assertThat(e.get("error").asText()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(e.get("status").asInt()).isEqualTo(400);
    }
}

package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.resourcegroups.ResourceGroupsAsyncClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate control over a resource group (Key=ResourceGroup): its tag query resolved to the running instances, on moto. */
class ResourceGroupTargetsMotoTest {

    @TempDir
    Path dir;

    @Test
    void aTagBasedResourceGroupIsResolvedToItsRunningInstances() throws Exception {
        MotoServer moto = MotoServer.shared();
        var ec2 = moto.cloud().ec2();
        String role = "rg-web-" + System.nanoTime(); // the shared moto keeps other tests' instances
        List<String> members = new ArrayList<>();
        ec2.runInstances(b -> b.imageId("ami-05448533fbe614dce").instanceType(InstanceType.T3_MICRO).minCount(2).maxCount(2)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(g -> g.key("Role").value(role))))
                .join().instances().forEach(i -> members.add(i.instanceId()));
        ec2.runInstances(b -> b.imageId("ami-05448533fbe614dce").instanceType(InstanceType.T3_MICRO).minCount(1).maxCount(1)).join();
        moto.cloud().client(ResourceGroupsAsyncClient.class).createGroup(b -> b.name(role).resourceQuery(q -> q.type("TAG_FILTERS_1_0")
                .query("{\"ResourceTypeFilters\":[\"AWS::EC2::Instance\"],\"TagFilters\":[{\"Key\":\"Role\",\"Values\":[\"" + role + "\"]}]}"))).join();
        Path doc = Files.writeString(dir.resolve("Touch.yaml"), """
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                mainSteps:
                  - name: Describe
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ InstanceId }}']}
                """);

        CliRun r = CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", moto.endpoint().toString(),
                "-o", "json", "run", doc.toString(), "--targets", "Key=ResourceGroup,Values=" + role,
                "--target-parameter-name", "InstanceId", "--store", dir.toString());

        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        JsonNode j = Json.parse(r.out()).path("AutomationExecution");
        List<String> targets = new ArrayList<>();
        j.path("StepExecutions").forEach(s -> targets.add(s.path("StepName").asText()));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(members);

        CliRun missing = CliRun.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", moto.endpoint().toString(),
                "run", doc.toString(), "--targets", "Key=ResourceGroup,Values=no-such-group", "--target-parameter-name", "InstanceId",
                "--store", dir.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--targets: Key=ResourceGroup: there is no resource group no-such-group")
                .doesNotContain("\tat ");
    }

    @Test
    void onTheSimulatorAGroupThatDoesNotExistIsNamedAsOnAws() {
        // the simulated region models Resource Groups (ResourceGroupOnTheSimulatorTest runs over one); none exists here
        CliRun r = CliRun.of("run", "../examples/runbooks/RebootInstanceGraceful.yaml", "--targets", "Key=ResourceGroup,Values=web",
                "--target-parameter-name", "InstanceId", "-p", "TargetGroupArn=@target-group:web-tg");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--targets: Key=ResourceGroup: there is no resource group web (Resource Groups GetGroupQuery:"
                + " Cannot find group web.)").doesNotContain("\tat ");
    }
}

package dev.fleetops.windows.onsim;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateControlRequest;
import dev.fleetops.runbook.rate.TargetResolver;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.resourcegroups.ResourceGroupsAsyncClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code Targets: [{Key: ResourceGroup, Values: [NAME]}]} on the simulated region: the group's tag query (the
 * simulated Resource Groups' GetGroupQuery) resolved through DescribeInstances, and the graceful reboot run once
 * per member, rate-controlled, with the real engine on the web scenario.
 */
class ResourceGroupOnTheSimulatorTest {

    @TempDir
    Path docs;

    @Test
    void aRateControlledRunOverATagBasedResourceGroup() throws Exception {
        Path examples = Path.of("..", "examples", "runbooks");
        Files.copy(examples.resolve("RebootWithHealthcheck.yaml"), docs.resolve("RebootWithHealthcheck.yaml"));
        Files.copy(examples.resolve("RebootInstanceGraceful.yaml"), docs.resolve("RebootInstanceGraceful.yaml"));
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        RunbookEngine engine = RunbookEngine.builder(region.cloud()).docs(docs).ssmDocuments(false).build();
        // two of the three web instances get Patch tags; the group is web AND Patch (any value)
        List<String> web = region.scheduler().await(region.cloud().ec2().describeInstances(b -> b.filters(
                f -> f.name("tag:aws:autoscaling:groupName").values("web"))), Duration.ofMinutes(1))
                .reservations().stream().flatMap(r -> r.instances().stream()).map(Instance::instanceId).toList();
        assertThat(web).hasSize(3);
        List<String> members = List.of(web.get(0), web.get(2));
        region.scheduler().await(region.cloud().ec2().createTags(b -> b.resources(web.get(0)).tags(t -> t.key("Patch").value("a"))),
                Duration.ofMinutes(1));
        region.scheduler().await(region.cloud().ec2().createTags(b -> b.resources(web.get(2)).tags(t -> t.key("Patch").value("b"))),
                Duration.ofMinutes(1));
        region.scheduler().await(region.cloud().client(ResourceGroupsAsyncClient.class).createGroup(b -> b.name("patch-web")
                .resourceQuery(q -> q.type("TAG_FILTERS_1_0").query("{\"ResourceTypeFilters\":[\"AWS::EC2::Instance\"],\"TagFilters\":"
                        + "[{\"Key\":\"aws:autoscaling:groupName\",\"Values\":[\"web\"]},{\"Key\":\"Patch\",\"Values\":[]}]}"))),
                Duration.ofMinutes(1));

        String tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/58feead327c6036f";
        RateControlRequest request = RateControlRequest.of("RebootInstanceGraceful", Set.of("InstanceId", "TargetGroupArn"),
                Map.of("TargetGroupArn", List.of(tg)), "Key=ResourceGroup,Values=patch-web", "InstanceId", "1", "0");
        RateControl control = new RateControl(region.scheduler(), engine, region.context().ids()::uuid);
        ExecutionRecord parent = region.scheduler().await(control.run(request, TargetResolver.of(region.cloud())), Duration.ofHours(3));

        assertThat(parent.status()).as(WindowWithTheRunbookEngineTest.why(parent)).isEqualTo(Status.Success);
        assertThat(parent.steps()).extracting(StepRecord::stepName).containsExactlyElementsOf(members);
        assertThat(parent.steps().get(1).start().orElseThrow()).isAfterOrEqualTo(parent.steps().get(0).end().orElseThrow());
        for (StepRecord s : parent.steps()) {
            assertThat(s.children().get(0).status()).isEqualTo(Status.Success);
            assertThat(s.children().get(0).parameters().get("InstanceId")).containsExactly(s.stepName());
        }
        assertThat(region.context().gate().calls("resource-groups", "GetGroupQuery")).isEqualTo(1);

        RateControlRequest missing = RateControlRequest.of("RebootInstanceGraceful", Set.of("InstanceId", "TargetGroupArn"),
                Map.of("TargetGroupArn", List.of(tg)), "Key=ResourceGroup,Values=nope", "InstanceId", "1", "0");
        assertThatThrownBy(() -> region.scheduler().await(control.run(missing, TargetResolver.of(region.cloud())), Duration.ofHours(1)))
                .hasRootCauseInstanceOf(InputError.class).rootCause()
                .hasMessageContaining("Key=ResourceGroup: there is no resource group nope (Resource Groups GetGroupQuery: Cannot find group nope.)");
    }
}

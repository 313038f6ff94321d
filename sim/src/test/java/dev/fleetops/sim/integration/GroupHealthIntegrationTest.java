package dev.fleetops.sim.integration;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.ScenarioReader;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Instance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Auto Scaling over the real simulated EC2 and ELBv2 (the unit tests of each service use fakes of the others). */
class GroupHealthIntegrationTest {

    private static final String SCENARIO = """
            launchTemplates: [{name: node}]
            timings: {statusChecks: 2m}
            groups:
              - {name: app, launchTemplate: node, min: 2, max: 4, desired: 2, healthCheckGracePeriod: 0s}
            faults:
              impaired: [{group: app, index: 0}]
            """;

    @Test
    void anInstanceWhoseStatusChecksFailIsReplacedByTheGroup() {
        SimRegion region = Scenarios.start(ScenarioReader.read("impaired.yaml", SCENARIO, Map.of()), 1);
        var asg = region.cloud().autoScaling();
        String first = members(region).get(0).instanceId();

        region.scheduler().runFor(Duration.ofMinutes(5));

        var ec2 = region.cloud().ec2();
        var state = region.scheduler().await(ec2.describeInstances(b -> b.instanceIds(first)), Duration.ofMinutes(1))
                .reservations().get(0).instances().get(0).state().nameAsString();
        assertThat(state).isIn("shutting-down", "terminated");
        List<Instance> now = members(region);
        assertThat(now).extracting(Instance::instanceId).doesNotContain(first);
        assertThat(now).filteredOn(i -> "InService".equals(i.lifecycleStateAsString())).hasSize(2);
    }

    @Test
    void aDetachedInstanceKeepsRunningOutsideTheGroupAndIsReplaced() {
        SimRegion region = Scenarios.start(ScenarioReader.read("detach.yaml", SCENARIO.replace("impaired: [{group: app, index: 0}]", "impaired: []"), Map.of()), 1);
        Scenarios.settle(region, Duration.ofMinutes(30));
        String victim = members(region).get(0).instanceId();

        region.scheduler().await(region.cloud().autoScaling().detachInstances(b -> b.autoScalingGroupName("app")
                .instanceIds(victim).shouldDecrementDesiredCapacity(false)), Duration.ofMinutes(1));
        Scenarios.settle(region, Duration.ofMinutes(30));

        assertThat(members(region)).extracting(Instance::instanceId).doesNotContain(victim).hasSize(2);
        var instance = region.scheduler().await(region.cloud().ec2().describeInstances(b -> b.instanceIds(victim)),
                Duration.ofMinutes(1)).reservations().get(0).instances().get(0);
        assertThat(instance.state().nameAsString()).isEqualTo("running");
        assertThat(instance.tags()).noneMatch(t -> t.key().equals("aws:autoscaling:groupName"));
    }

    private static List<Instance> members(SimRegion region) {
        return region.scheduler().await(region.cloud().autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("app")),
                Duration.ofMinutes(1)).autoScalingGroups().get(0).instances();
    }
}

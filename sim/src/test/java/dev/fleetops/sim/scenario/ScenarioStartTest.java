package dev.fleetops.sim.scenario;

import dev.fleetops.sim.SimRegion;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Built-in scenarios started in a fresh region and observed only through the SDK clients. */
class ScenarioStartTest {

    private static final Duration WAIT = Duration.ofMinutes(1);

    @Test
    void webSettlesWithThreeInServiceInstancesAllHealthyInWebTg() {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()), 42);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);

        AutoScalingGroup web = region.scheduler().await(region.cloud().autoScaling().describeAutoScalingGroups(r -> r
                .autoScalingGroupNames("web")), WAIT).autoScalingGroups().get(0);
        assertThat(web.desiredCapacity()).isEqualTo(3);
        assertThat(web.instances()).hasSize(3).allSatisfy(i -> {
            assertThat(i.lifecycleStateAsString()).isEqualTo("InService");
            assertThat(i.healthStatus()).isEqualTo("Healthy");
        });

        TargetGroup tg = region.scheduler().await(region.cloud().elbv2().describeTargetGroups(r -> r
                .names("web-tg")), WAIT).targetGroups().get(0);
        assertThat(tg.port()).isEqualTo(8080);
        assertThat(tg.healthCheckIntervalSeconds()).isEqualTo(6);
        assertThat(tg.healthyThresholdCount()).isEqualTo(2);
        assertThat(tg.unhealthyThresholdCount()).isEqualTo(2);
        assertThat(web.targetGroupARNs()).containsExactly(tg.targetGroupArn());

        List<TargetHealthDescription> health = region.scheduler().await(region.cloud().elbv2().describeTargetHealth(
                r -> r.targetGroupArn(tg.targetGroupArn())), WAIT).targetHealthDescriptions();
        assertThat(health).extracting(h -> h.target().id())
                .containsExactlyInAnyOrderElementsOf(web.instances().stream().map(Instance::instanceId).toList());
        assertThat(health).allSatisfy(h -> {
            assertThat(h.targetHealth().state()).isEqualTo(TargetHealthStateEnum.HEALTHY);
            assertThat(h.target().port()).isEqualTo(8080);
        });

        String delay = region.scheduler().await(region.cloud().elbv2().describeTargetGroupAttributes(r -> r
                .targetGroupArn(tg.targetGroupArn())), WAIT).attributes().stream()
                .filter(a -> a.key().equals("deregistration_delay.timeout_seconds")).findFirst().orElseThrow().value();
        assertThat(delay).isEqualTo("300");
    }

    /** Seed 004's RebootWithHealthcheck, one script after the other, on one instance of the settled web group. */
    @Test
    void webAgentRunsSeed004sRebootThenHealthCheck() {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()), 42);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        String id = group(region, "web").instances().get(0).instanceId();

        Duration before = region.scheduler().elapsed();
        var reboot = runShellScript(region, id, """
                flag_location=/home/ec2-user/REBOOT_STARTED
                if [! -f $flag_location]; then
                echo "Creating flag file at $flag_location"
                touch $flag_location
                echo "Reboot initiated"
                exit 194
                fi
                echo "Reboot finished, removing flag file at $flag_location"
                rm $flag_location
                """);
        assertThat(reboot.statusAsString()).isEqualTo("Success");
        assertThat(reboot.responseCode()).isZero();
        assertThat(reboot.standardOutputContent()).contains("Reboot finished");
        assertThat(region.scheduler().elapsed().minus(before)).isGreaterThanOrEqualTo(Duration.ofSeconds(30));

        Duration healthStart = region.scheduler().elapsed();
        var health = runShellScript(region, id, """
                sleep 60
                if ! curl http://localhost:8080/; then
                exit 1
                fi
                """);
        assertThat(health.statusAsString()).isEqualTo("Success");
        assertThat(region.scheduler().elapsed().minus(healthStart)).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }

    private static software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse runShellScript(
            SimRegion region, String instanceId, String script) {
        var ssm = region.cloud().ssm();
        String commandId = region.scheduler().await(ssm.sendCommand(r -> r.documentName("AWS-RunShellScript")
                .instanceIds(instanceId).parameters(Map.of("commands", List.of(script)))), WAIT).command().commandId();
        for (int i = 0; i < 120; i++) {
            region.scheduler().runFor(Duration.ofSeconds(5));
            var inv = region.scheduler().await(ssm.getCommandInvocation(r -> r.commandId(commandId)
                    .instanceId(instanceId)), WAIT);
            if (!List.of("Pending", "InProgress", "Delayed").contains(inv.statusAsString())) return inv;
        }
        throw new AssertionError("the command did not finish within 10 minutes of virtual time");
    }

    @Test
    void webIsTheSameRegionForTheSameSeed() {
        List<String> first = instanceIds(42);
        assertThat(instanceIds(42)).isEqualTo(first);
        assertThat(first).allMatch(id -> id.matches("i-0[0-9a-f]{16}"));
    }

    private static List<String> instanceIds(long seed) {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()), seed);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        return region.scheduler().await(region.cloud().autoScaling().describeAutoScalingGroups(r -> r
                        .autoScalingGroupNames("web")), WAIT).autoScalingGroups().get(0).instances().stream()
                .map(Instance::instanceId).sorted().toList();
    }

    @Test
    void asgLaunchWithSize100Launches100InstancesThatAreNotReadyYet() {
        SimRegion region = Scenarios.start(Scenarios.load("asg-launch", Map.of("size", "100")), 42);

        AutoScalingGroup g = group(region, "asg-launch");
        assertThat(g.desiredCapacity()).isEqualTo(100);
        assertThat(g.instances()).hasSize(100);
        List<String> ids = g.instances().stream().map(Instance::instanceId).toList();
        assertThat(statuses(region, ids)).doesNotContain("ok");

        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        assertThat(group(region, "asg-launch").instances()).hasSize(100)
                .allSatisfy(i -> assertThat(i.lifecycleStateAsString()).isEqualTo("InService"))
                .extracting(Instance::availabilityZone).containsOnly("us-east-1a", "us-east-1b", "us-east-1c");
    }

    /** Seed 000's race: with jitter, the first instance passes its status checks well before the last. */
    @Test
    void asgLaunchInstancesPassStatusChecksAtSpreadOutTimes() {
        SimRegion region = Scenarios.start(Scenarios.load("asg-launch", Map.of()), 42);
        List<String> ids = group(region, "asg-launch").instances().stream().map(Instance::instanceId).toList();

        Duration firstOk = null;
        while (true) {
            List<String> statuses = statuses(region, ids);
            if (firstOk == null && statuses.contains("ok")) firstOk = region.scheduler().elapsed();
            if (statuses.stream().allMatch("ok"::equals)) break;
            region.scheduler().runFor(Duration.ofSeconds(5));
        }
        Duration allOk = region.scheduler().elapsed();

        assertThat(firstOk).isBetween(Duration.ofSeconds(90), Duration.ofMinutes(4));
        assertThat(allOk.minus(firstOk)).isGreaterThan(Duration.ofSeconds(30));
        assertThat(allOk).isLessThan(Duration.ofMinutes(6));
    }

    private static AutoScalingGroup group(SimRegion region, String name) {
        return region.scheduler().await(region.cloud().autoScaling().describeAutoScalingGroups(r -> r
                .autoScalingGroupNames(name)), WAIT).autoScalingGroups().get(0);
    }

    /** InstanceStatus of each instance (initializing, ok...), 100 ids per call as AWS allows. */
    private static List<String> statuses(SimRegion region, List<String> ids) {
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i += 100) {
            List<String> batch = ids.subList(i, Math.min(ids.size(), i + 100));
            region.scheduler().await(region.cloud().ec2().describeInstanceStatus(r -> r.instanceIds(batch)
                    .includeAllInstances(true)), WAIT).instanceStatuses()
                    .forEach(st -> out.add(st.instanceStatus().statusAsString()));
        }
        return out;
    }
}

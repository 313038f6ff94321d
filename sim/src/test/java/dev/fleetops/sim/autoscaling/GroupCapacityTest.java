package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.region.AwsEvents;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityInProgressException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.autoscaling.model.LifecycleState.*;

class GroupCapacityTest {

    private final AsgWorld w = new AsgWorld();

    @Test
    void creatingAGroupLaunchesToDesiredBalancedOverZonesAndRegistersInServiceInstances() {
        w.createWeb(1, 6, 3);
        w.runSeconds(1);

        AutoScalingGroup g = w.group("web");
        assertThat(g.autoScalingGroupARN()).matches(
                "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName/web");
        assertThat(g.desiredCapacity()).isEqualTo(3);
        assertThat(g.defaultCooldown()).isEqualTo(300);
        assertThat(g.healthCheckType()).isEqualTo("EC2");
        assertThat(g.targetGroupARNs()).containsExactly(w.tg);
        assertThat(g.instances()).extracting(Instance::lifecycleState).containsOnly(PENDING);
        assertThat(g.instances()).extracting(Instance::availabilityZone)
                .containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(g.instances()).extracting(Instance::instanceId).allMatch(id -> id.matches("i-0[0-9a-f]{16}"));
        assertThat(w.targets.serving(w.tg)).isEmpty();

        w.runSeconds(30); // boot
        g = w.group("web");
        assertThat(g.instances()).extracting(Instance::lifecycleState).containsOnly(IN_SERVICE);
        assertThat(g.instances()).extracting(Instance::healthStatus).containsOnly("Healthy");
        List<String> ids = g.instances().stream().map(Instance::instanceId).toList();
        assertThat(w.targets.serving(w.tg)).containsExactlyElementsOf(ids);
        assertThat(ids).allSatisfy(id -> assertThat(w.ec2.tags(id)).containsEntry("aws:autoscaling:groupName", "web"));
        assertThat(w.events(AwsEvents.LAUNCH_SUCCESSFUL)).hasSize(3).allSatisfy(e -> {
            assertThat(e.path("source").asText()).isEqualTo("aws.autoscaling");
            assertThat(e.path("resources").get(0).asText()).isEqualTo(w.group("web").autoScalingGroupARN());
            assertThat(e.path("detail").path("AutoScalingGroupName").asText()).isEqualTo("web");
        });
        assertThat(w.sim.settled("web")).isTrue();
        assertThat(w.sim.countByState("web")).containsExactly(java.util.Map.entry(IN_SERVICE, 3));
    }

    @Test
    void anInstanceTerminatedOutOfBandIsReplaced() {
        w.createWeb(1, 6, 3);
        w.runSeconds(45);
        String victim = w.ids("web", IN_SERVICE).get(1);

        w.ec2.terminate(victim, "someone in the console");
        w.runSeconds(1);
        assertThat(w.instance("web", victim).healthStatus()).isEqualTo("Unhealthy");
        assertThat(w.targets.state(w.tg, victim)).contains("draining");
        assertThat(w.ids("web", PENDING)).hasSize(1); // the replacement, launched at once

        w.runSeconds(60);
        AutoScalingGroup g = w.group("web");
        assertThat(g.instances()).extracting(Instance::instanceId).doesNotContain(victim);
        assertThat(g.instances()).extracting(Instance::lifecycleState).containsOnly(IN_SERVICE).hasSize(3);
        assertThat(g.instances()).extracting(Instance::availabilityZone)
                .containsExactlyInAnyOrder("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(w.events(AwsEvents.TERMINATE_SUCCESSFUL)).extracting(e -> e.path("detail").path("EC2InstanceId").asText())
                .containsExactly(victim);
    }

    @Test
    void aStoppedInstanceIsUnhealthyAndReplaced() {
        w.createWeb(1, 3, 2);
        w.runSeconds(45);
        String victim = w.ids("web", IN_SERVICE).get(0);

        w.ec2.stop(victim);
        w.runSeconds(120);

        assertThat(w.ec2.state(victim)).isEqualTo("terminated");
        assertThat(w.ids("web", IN_SERVICE)).hasSize(2).doesNotContain(victim);
    }

    @Test
    void withElbHealthChecksAnUnhealthyTargetIsReplacedOnlyAfterTheGracePeriod() {
        w.createWeb(1, 3, 2, b -> b.healthCheckType("ELB").healthCheckGracePeriod(120));
        w.runSeconds(31); // InService at 30 s
        String sick = w.ids("web", IN_SERVICE).get(0);
        w.targets.fail(w.tg, sick);

        w.runSeconds(60); // still within the grace period
        assertThat(w.instance("web", sick).healthStatus()).isEqualTo("Healthy");
        assertThat(w.state("web", sick)).isEqualTo(IN_SERVICE);

        w.runSeconds(70); // grace over at 150 s; the sweep runs every 10 s
        assertThat(w.instance("web", sick).healthStatus()).isEqualTo("Unhealthy");
        assertThat(w.state("web", sick)).isIn(TERMINATING, TERMINATING_PROCEED, TERMINATED);

        w.runSeconds(120);
        assertThat(w.ids("web", IN_SERVICE)).hasSize(2).doesNotContain(sick);
    }

    @Test
    void scaleInDeregistersDrainsThenTerminatesKeepingZonesBalanced() {
        w.createWeb(0, 6, 4);
        w.runSeconds(45);
        // 4 instances over 3 zones: a has two

        w.call(w.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(3)));
        w.runSeconds(1);
        List<String> leaving = w.ids("web", TERMINATING);
        assertThat(leaving).hasSize(1);
        String victim = leaving.get(0);
        assertThat(w.instance("web", victim).availabilityZone()).isEqualTo("us-east-1a");
        assertThat(w.targets.state(w.tg, victim)).contains("draining");
        assertThat(w.ec2.state(victim)).isEqualTo("running"); // waits for the 30 s drain

        w.runSeconds(30);
        assertThat(w.ec2.state(victim)).isEqualTo("shutting-down");
        assertThat(w.state("web", victim)).isEqualTo(TERMINATING_PROCEED);

        w.runSeconds(60);
        assertThat(w.group("web").instances()).hasSize(3).extracting(Instance::availabilityZone)
                .containsExactlyInAnyOrder("us-east-1a", "us-east-1b", "us-east-1c");
    }

    @Test
    void setDesiredCapacityHonorsTheCooldownAndItsBounds() {
        w.createWeb(1, 5, 2);
        w.runSeconds(45);

        w.call(w.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(3).honorCooldown(true)));
        var busy = w.error(w.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(4)
                .honorCooldown(true)));
        assertThat(busy).isInstanceOf(ScalingActivityInProgressException.class);
        assertThat(busy.awsErrorDetails().errorCode()).isEqualTo("ScalingActivityInProgress");

        w.runSeconds(60); // the launch is done; the 300 s cooldown runs
        assertThat(w.error(w.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(4)
                .honorCooldown(true))).awsErrorDetails().errorCode()).isEqualTo("ScalingActivityInProgress");
        w.call(w.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(4))); // not honoring

        w.runSeconds(400);
        w.call(w.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(5).honorCooldown(true)));
        assertThat(w.group("web").desiredCapacity()).isEqualTo(5);

        var above = w.error(w.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(6)));
        assertThat(above.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(above.awsErrorDetails().errorMessage())
                .isEqualTo("New SetDesiredCapacity value 6 is above max value 5 for the AutoScalingGroup.");
        var below = w.error(w.asg.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(0)));
        assertThat(below.awsErrorDetails().errorMessage())
                .isEqualTo("New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup.");
    }

    @Test
    void updateRaisingMinSizeRaisesDesiredCapacity() {
        w.createWeb(1, 5, 1);
        w.call(w.asg.updateAutoScalingGroup(r -> r.autoScalingGroupName("web").minSize(3)));
        w.runSeconds(45);
        AutoScalingGroup g = w.group("web");
        assertThat(g.minSize()).isEqualTo(3);
        assertThat(g.desiredCapacity()).isEqualTo(3);
        assertThat(w.ids("web", IN_SERVICE)).hasSize(3);
    }

    @Test
    void capacityRebalancingLaunchesTheReplacementBeforeTerminatingTheOldInstance() {
        w.createWeb(1, 2, 2, b -> b.capacityRebalance(true));
        w.runSeconds(45);
        String old = w.ids("web", IN_SERVICE).get(0);

        w.ctx.bus().emit(AwsEvents.EC2, AwsEvents.REBALANCE, List.of(), AwsEvents.rebalance(old));
        w.runSeconds(1);
        assertThat(w.state("web", old)).isEqualTo(IN_SERVICE);
        assertThat(w.ids("web", PENDING)).hasSize(1); // above MaxSize for a while, as AWS allows

        w.runSeconds(30);
        assertThat(w.state("web", old)).isIn(TERMINATING, TERMINATING_PROCEED);
        w.runSeconds(120);
        assertThat(w.ids("web", IN_SERVICE)).hasSize(2).doesNotContain(old);
    }

    @Test
    void describeAutoScalingInstancesShowsEveryMemberWithItsGroup() {
        w.createWeb(1, 5, 3);
        w.runSeconds(45);
        var all = w.call(w.asg.describeAutoScalingInstances(r -> { })).autoScalingInstances();
        assertThat(all).hasSize(3).allSatisfy(i -> {
            assertThat(i.autoScalingGroupName()).isEqualTo("web");
            assertThat(i.lifecycleState()).isEqualTo(LifecycleState.IN_SERVICE.toString());
            assertThat(i.healthStatus()).isEqualTo("HEALTHY");
        });
        var page = w.call(w.asg.describeAutoScalingInstances(r -> r.maxRecords(2)));
        assertThat(page.autoScalingInstances()).hasSize(2);
        var rest = w.call(w.asg.describeAutoScalingInstances(r -> r.maxRecords(2).nextToken(page.nextToken())));
        assertThat(rest.autoScalingInstances()).hasSize(1);
        assertThat(rest.nextToken()).isNull();
    }
}

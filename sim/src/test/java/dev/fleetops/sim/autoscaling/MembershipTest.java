package dev.fleetops.sim.autoscaling;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Activity;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.autoscaling.model.LifecycleState.*;

/** DetachInstances, EnterStandby/ExitStandby, AttachInstances, TerminateInstanceInAutoScalingGroup. */
class MembershipTest {

    private final AsgWorld w = new AsgWorld();

    @Test
    void detachWithoutDecrementDeregistersAndLaunchesAReplacement() {
        w.createWeb(2, 4, 3);
        w.runSeconds(45);
        String leaving = w.ids("web", IN_SERVICE).get(0);

        List<Activity> activities = w.call(w.asg.detachInstances(r -> r.autoScalingGroupName("web")
                .instanceIds(leaving).shouldDecrementDesiredCapacity(false))).activities();
        assertThat(activities).singleElement().satisfies(a ->
                assertThat(a.description()).isEqualTo("Detaching EC2 instance: " + leaving));
        w.runSeconds(1);
        assertThat(w.state("web", leaving)).isEqualTo(DETACHING);
        assertThat(w.targets.state(w.tg, leaving)).contains("draining");
        assertThat(w.ids("web", PENDING)).hasSize(1);
        assertThat(w.group("web").desiredCapacity()).isEqualTo(3);

        w.runSeconds(30); // drained
        assertThat(w.state("web", leaving)).isEqualTo(DETACHED);
        w.runSeconds(15);
        assertThat(w.instance("web", leaving)).isNull();
        assertThat(w.ec2.state(leaving)).isEqualTo("running"); // detached, not terminated
        assertThat(w.targets.state(w.tg, leaving)).isEmpty();
        assertThat(w.ids("web", IN_SERVICE)).hasSize(3).doesNotContain(leaving);
    }

    @Test
    void detachWithDecrementLowersDesiredButNotBelowMinSize() {
        w.createWeb(2, 4, 3);
        w.runSeconds(45);
        List<String> ids = w.ids("web", IN_SERVICE);

        w.call(w.asg.detachInstances(r -> r.autoScalingGroupName("web").instanceIds(ids.get(0))
                .shouldDecrementDesiredCapacity(true)));
        assertThat(w.group("web").desiredCapacity()).isEqualTo(2);

        var err = w.error(w.asg.detachInstances(r -> r.autoScalingGroupName("web").instanceIds(ids.get(1))
                .shouldDecrementDesiredCapacity(true)));
        assertThat(err.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(err.awsErrorDetails().errorMessage()).contains("below its MinSize 2");
        assertThat(w.state("web", ids.get(1))).isEqualTo(IN_SERVICE);

        w.runSeconds(60);
        assertThat(w.ids("web", PENDING)).isEmpty();
        assertThat(w.ids("web", IN_SERVICE)).hasSize(2);
    }

    @Test
    void detachRejectsMoreThanTwentyIdsMissingDecrementFlagAndStrangers() {
        w.createWeb(1, 4, 1);
        w.runSeconds(45);
        String member = w.ids("web", IN_SERVICE).get(0);
        List<String> many = IntStream.range(0, 21).mapToObj(i -> String.format("i-0%016x", i)).toList();

        var tooMany = w.error(w.asg.detachInstances(r -> r.autoScalingGroupName("web").instanceIds(many)
                .shouldDecrementDesiredCapacity(false)));
        assertThat(tooMany.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(tooMany.awsErrorDetails().errorMessage()).contains("less than or equal to 20");

        var noFlag = w.error(w.asg.detachInstances(r -> r.autoScalingGroupName("web").instanceIds(member)));
        assertThat(noFlag.awsErrorDetails().errorMessage()).contains("'shouldDecrementDesiredCapacity'");

        var stranger = w.error(w.asg.detachInstances(r -> r.autoScalingGroupName("web")
                .instanceIds("i-0123456789abcdef0").shouldDecrementDesiredCapacity(false)));
        assertThat(stranger.awsErrorDetails().errorMessage())
                .isEqualTo("The instance i-0123456789abcdef0 is not part of Auto Scaling group web.");
    }

    @Test
    void detachingAPendingInstanceIsRefused() {
        w.createWeb(1, 4, 1);
        w.runSeconds(1);
        String pending = w.ids("web", PENDING).get(0);
        var err = w.error(w.asg.detachInstances(r -> r.autoScalingGroupName("web").instanceIds(pending)
                .shouldDecrementDesiredCapacity(false)));
        assertThat(err.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(err.awsErrorDetails().errorMessage()).contains("is not in InService or Standby");
    }

    @Test
    void standbyRoundTrip() {
        w.createWeb(1, 4, 2);
        w.runSeconds(45);
        String resting = w.ids("web", IN_SERVICE).get(0);

        w.call(w.asg.enterStandby(r -> r.autoScalingGroupName("web").instanceIds(resting)
                .shouldDecrementDesiredCapacity(false)));
        w.runSeconds(1);
        assertThat(w.state("web", resting)).isEqualTo(ENTERING_STANDBY);
        assertThat(w.targets.state(w.tg, resting)).contains("draining");
        assertThat(w.ids("web", PENDING)).hasSize(1); // replacement for the capacity on standby

        w.runSeconds(45);
        assertThat(w.state("web", resting)).isEqualTo(STANDBY);
        assertThat(w.ids("web", IN_SERVICE)).hasSize(2);
        assertThat(w.sim.countByState("web")).isEqualTo(Map.of(IN_SERVICE, 2, STANDBY, 1));

        w.call(w.asg.exitStandby(r -> r.autoScalingGroupName("web").instanceIds(resting)));
        w.runSeconds(1);
        assertThat(w.group("web").desiredCapacity()).isEqualTo(3);
        assertThat(w.state("web", resting)).isEqualTo(IN_SERVICE);
        assertThat(w.targets.serving(w.tg)).contains(resting);
        assertThat(w.ec2.state(resting)).isEqualTo("running");

        var notInStandby = w.error(w.asg.exitStandby(r -> r.autoScalingGroupName("web").instanceIds(resting)));
        assertThat(notInStandby.awsErrorDetails().errorMessage()).contains("is not in Standby");
    }

    @Test
    void enterStandbyWithDecrementLaunchesNothing() {
        w.createWeb(1, 4, 2);
        w.runSeconds(45);
        String resting = w.ids("web", IN_SERVICE).get(1);
        w.call(w.asg.enterStandby(r -> r.autoScalingGroupName("web").instanceIds(resting)
                .shouldDecrementDesiredCapacity(true)));
        w.runSeconds(60);
        assertThat(w.group("web").desiredCapacity()).isEqualTo(1);
        assertThat(w.ids("web", IN_SERVICE)).hasSize(1);
        assertThat(w.ids("web", PENDING)).isEmpty();
        var belowMin = w.error(w.asg.enterStandby(r -> r.autoScalingGroupName("web")
                .instanceIds(w.ids("web", IN_SERVICE)).shouldDecrementDesiredCapacity(true)));
        assertThat(belowMin.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    }

    @Test
    void attachAddsRunningInstancesUpToMaxSize() {
        w.createWeb(1, 3, 2);
        String outsider = w.ec2.start(Map.of());
        String another = w.ec2.start(Map.of());
        w.runSeconds(45);

        w.call(w.asg.attachInstances(r -> r.autoScalingGroupName("web").instanceIds(outsider)));
        w.runSeconds(1);
        assertThat(w.group("web").desiredCapacity()).isEqualTo(3);
        assertThat(w.state("web", outsider)).isEqualTo(IN_SERVICE);
        assertThat(w.targets.serving(w.tg)).contains(outsider);

        var full = w.error(w.asg.attachInstances(r -> r.autoScalingGroupName("web").instanceIds(another)));
        assertThat(full.awsErrorDetails().errorMessage())
                .isEqualTo("Desired capacity:4 must be between the specified min size:1 and max size:3");
        var again = w.error(w.asg.attachInstances(r -> r.autoScalingGroupName("web").instanceIds(outsider)));
        assertThat(again.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    }

    @Test
    void terminateInstanceInGroupWithAndWithoutDecrement() {
        w.createWeb(1, 4, 3);
        w.runSeconds(45);
        List<String> ids = w.ids("web", IN_SERVICE);

        var a = w.call(w.asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(ids.get(0))
                .shouldDecrementDesiredCapacity(false))).activity();
        assertThat(a.description()).isEqualTo("Terminating EC2 instance: " + ids.get(0));
        w.call(w.asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(ids.get(1))
                .shouldDecrementDesiredCapacity(true)));
        w.runSeconds(120);

        assertThat(w.group("web").desiredCapacity()).isEqualTo(2);
        assertThat(w.ids("web", IN_SERVICE)).hasSize(2).contains(ids.get(2)).doesNotContain(ids.get(0), ids.get(1));
        assertThat(w.ec2.state(ids.get(0))).isEqualTo("terminated");

        var unknown = w.error(w.asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(ids.get(0))
                .shouldDecrementDesiredCapacity(false)));
        assertThat(unknown.awsErrorDetails().errorMessage())
                .isEqualTo("Instance Id not found - No managed instance found for instance ID: " + ids.get(0));
    }

    @Test
    void setInstanceHealthUnhealthyReplacesTheInstance() {
        w.createWeb(1, 4, 2);
        w.runSeconds(45);
        String sick = w.ids("web", IN_SERVICE).get(0);
        w.call(w.asg.setInstanceHealth(r -> r.instanceId(sick).healthStatus("Unhealthy")));
        w.runSeconds(1);
        assertThat(w.instance("web", sick).healthStatus()).isEqualTo("Unhealthy");
        w.runSeconds(120);
        assertThat(w.ids("web", IN_SERVICE)).hasSize(2).doesNotContain(sick);
    }
}

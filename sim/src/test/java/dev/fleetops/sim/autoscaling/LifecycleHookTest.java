package dev.fleetops.sim.autoscaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.region.AwsEvents;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.autoscaling.model.LifecycleState.*;

class LifecycleHookTest {

    private final AsgWorld w = new AsgWorld();

    private void hook(String name, String transition, int heartbeat, String defaultResult) {
        w.call(w.asg.putLifecycleHook(r -> r.autoScalingGroupName("web").lifecycleHookName(name)
                .lifecycleTransition(transition).heartbeatTimeout(heartbeat).defaultResult(defaultResult)
                .notificationMetadata("drain-me")));
    }

    /** A group of two, a termination hook, and one instance asked to leave; returns it once in Terminating:Wait. */
    private String terminatingOne(int heartbeat, String defaultResult) {
        w.createWeb(1, 3, 2);
        hook("drain", "autoscaling:EC2_INSTANCE_TERMINATING", heartbeat, defaultResult);
        w.runSeconds(45);
        String leaving = w.ids("web", IN_SERVICE).get(0);
        w.call(w.asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(leaving).shouldDecrementDesiredCapacity(true)));
        w.runSeconds(1);
        assertThat(w.state("web", leaving)).isEqualTo(TERMINATING); // deregistered, draining first
        assertThat(w.events(AwsEvents.TERMINATE_ACTION)).isEmpty();
        w.runSeconds(30);
        assertThat(w.state("web", leaving)).isEqualTo(TERMINATING_WAIT);
        return leaving;
    }

    @Test
    void putAndDescribeHooksWithAwsDefaults() {
        w.createWeb(1, 3, 1);
        w.call(w.asg.putLifecycleHook(r -> r.autoScalingGroupName("web").lifecycleHookName("boot")
                .lifecycleTransition("autoscaling:EC2_INSTANCE_LAUNCHING")));
        hook("drain", "autoscaling:EC2_INSTANCE_TERMINATING", 300, "CONTINUE");

        List<LifecycleHook> hooks = w.call(w.asg.describeLifecycleHooks(r -> r.autoScalingGroupName("web")))
                .lifecycleHooks();
        assertThat(hooks).extracting(LifecycleHook::lifecycleHookName).containsExactly("boot", "drain");
        assertThat(hooks.get(0).heartbeatTimeout()).isEqualTo(3600);
        assertThat(hooks.get(0).globalTimeout()).isEqualTo(172800);
        assertThat(hooks.get(0).defaultResult()).isEqualTo("ABANDON");
        assertThat(hooks.get(0).notificationTargetARN()).isNull();
        assertThat(hooks.get(1).globalTimeout()).isEqualTo(30000);

        w.call(w.asg.deleteLifecycleHook(r -> r.autoScalingGroupName("web").lifecycleHookName("boot")));
        assertThat(w.call(w.asg.describeLifecycleHooks(r -> r.autoScalingGroupName("web"))).lifecycleHooks())
                .extracting(LifecycleHook::lifecycleHookName).containsExactly("drain");
    }

    @Test
    void terminationHookHoldsTheInstanceUntilCompleteLifecycleAction() {
        String leaving = terminatingOne(300, "ABANDON");
        String arn = w.group("web").autoScalingGroupARN();

        ObjectNode event = w.events(AwsEvents.TERMINATE_ACTION).get(0);
        assertThat(event.path("source").asText()).isEqualTo("aws.autoscaling");
        assertThat(event.path("resources")).hasSize(1);
        assertThat(event.path("resources").get(0).asText()).isEqualTo(arn);
        ObjectNode d = (ObjectNode) event.path("detail");
        assertThat(d.path("EC2InstanceId").asText()).isEqualTo(leaving);
        assertThat(d.path("AutoScalingGroupName").asText()).isEqualTo("web");
        assertThat(d.path("LifecycleHookName").asText()).isEqualTo("drain");
        assertThat(d.path("LifecycleTransition").asText()).isEqualTo("autoscaling:EC2_INSTANCE_TERMINATING");
        assertThat(d.path("NotificationMetadata").asText()).isEqualTo("drain-me");
        String token = d.path("LifecycleActionToken").asText();

        w.runSeconds(200); // an instance in Terminating:Wait stays running as long as the hook holds it
        assertThat(w.state("web", leaving)).isEqualTo(TERMINATING_WAIT);
        assertThat(w.ec2.state(leaving)).isEqualTo("running");

        w.call(w.asg.completeLifecycleAction(r -> r.autoScalingGroupName("web").lifecycleHookName("drain")
                .lifecycleActionToken(token).lifecycleActionResult("CONTINUE")));
        w.runSeconds(1);
        assertThat(w.state("web", leaving)).isEqualTo(TERMINATING_PROCEED);
        assertThat(w.ec2.state(leaving)).isEqualTo("shutting-down");

        var again = w.error(w.asg.completeLifecycleAction(r -> r.autoScalingGroupName("web").lifecycleHookName("drain")
                .lifecycleActionToken(token).lifecycleActionResult("CONTINUE")));
        assertThat(again.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(again.awsErrorDetails().errorMessage()).isEqualTo("No active Lifecycle Action found with token " + token);
        var byId = w.error(w.asg.recordLifecycleActionHeartbeat(r -> r.autoScalingGroupName("web")
                .lifecycleHookName("drain").instanceId(leaving)));
        assertThat(byId.awsErrorDetails().errorMessage())
                .isEqualTo("No active Lifecycle Action found with instance ID " + leaving);

        w.runSeconds(60);
        assertThat(w.ec2.state(leaving)).isEqualTo("terminated");
        assertThat(w.ids("web", IN_SERVICE)).hasSize(1);
    }

    @Test
    void heartbeatRestartsTheTimeoutAndTheDefaultResultAppliesWhenItRunsOut() {
        String leaving = terminatingOne(60, "CONTINUE"); // Terminating:Wait since t = 31 s

        w.runSeconds(50);
        w.call(w.asg.recordLifecycleActionHeartbeat(r -> r.autoScalingGroupName("web").lifecycleHookName("drain")
                .instanceId(leaving)));
        w.runSeconds(50); // 100 s after entering the wait: past the first timeout, within the restarted one
        assertThat(w.state("web", leaving)).isEqualTo(TERMINATING_WAIT);
        assertThat(w.ec2.state(leaving)).isEqualTo("running");

        w.runSeconds(15); // the restarted timeout (60 s after the heartbeat) runs out: CONTINUE
        assertThat(w.state("web", leaving)).isEqualTo(TERMINATING_PROCEED);
        assertThat(w.ec2.state(leaving)).isEqualTo("shutting-down");
    }

    @Test
    void launchHookWaitsAndAbandonTerminatesAndReplaces() {
        w.createWeb(1, 3, 1);
        hook("boot", "autoscaling:EC2_INSTANCE_LAUNCHING", 600, "ABANDON");
        w.runSeconds(31);
        String first = w.ids("web", PENDING_WAIT).get(0);
        ObjectNode event = w.events(AwsEvents.LAUNCH_ACTION).get(0);
        assertThat(event.path("detail").path("EC2InstanceId").asText()).isEqualTo(first);
        assertThat(event.path("detail").path("LifecycleTransition").asText())
                .isEqualTo("autoscaling:EC2_INSTANCE_LAUNCHING");
        assertThat(w.targets.serving(w.tg)).isEmpty(); // not registered before the hook completes

        w.call(w.asg.completeLifecycleAction(r -> r.autoScalingGroupName("web").lifecycleHookName("boot")
                .instanceId(first).lifecycleActionResult("ABANDON")));
        w.runSeconds(1);
        assertThat(w.ec2.state(first)).isEqualTo("shutting-down");
        String second = w.ids("web", PENDING).get(0);
        assertThat(second).isNotEqualTo(first);

        w.runSeconds(30);
        assertThat(w.state("web", second)).isEqualTo(PENDING_WAIT);
        w.call(w.asg.completeLifecycleAction(r -> r.autoScalingGroupName("web").lifecycleHookName("boot")
                .instanceId(second).lifecycleActionResult("CONTINUE")));
        w.runSeconds(1);
        assertThat(w.state("web", second)).isEqualTo(IN_SERVICE);
        assertThat(w.targets.serving(w.tg)).containsExactly(second);
        assertThat(w.state("web", first)).isEqualTo(TERMINATED); // shown a little while, then gone
        w.runSeconds(15);
        assertThat(w.group("web").instances()).extracting(i -> i.instanceId()).containsExactly(second);
    }

    @Test
    void launchHookTimeoutAppliesTheDefaultAbandon() {
        w.createWeb(1, 3, 1);
        hook("boot", "autoscaling:EC2_INSTANCE_LAUNCHING", 30, "ABANDON");
        w.runSeconds(31);
        String first = w.ids("web", PENDING_WAIT).get(0);
        w.runSeconds(30);
        assertThat(w.ec2.state(first)).isEqualTo("shutting-down");
        assertThat(w.ids("web", PENDING)).hasSize(1);
    }

    @Test
    void badCompletions() {
        terminatingOne(300, "ABANDON");
        var badResult = w.error(w.asg.completeLifecycleAction(r -> r.autoScalingGroupName("web")
                .lifecycleHookName("drain").instanceId("i-0aaaaaaaaaaaaaaaa").lifecycleActionResult("MAYBE")));
        assertThat(badResult.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        var neither = w.error(w.asg.completeLifecycleAction(r -> r.autoScalingGroupName("web")
                .lifecycleHookName("drain").lifecycleActionResult("CONTINUE")));
        assertThat(neither.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        var wrongHook = w.error(w.asg.completeLifecycleAction(r -> r.autoScalingGroupName("web")
                .lifecycleHookName("other").instanceId("i-0aaaaaaaaaaaaaaaa").lifecycleActionResult("CONTINUE")));
        assertThat(wrongHook.awsErrorDetails().errorMessage())
                .isEqualTo("No active Lifecycle Action found with instance ID i-0aaaaaaaaaaaaaaaa");
        var shortHeartbeat = w.error(w.asg.putLifecycleHook(r -> r.autoScalingGroupName("web")
                .lifecycleHookName("x").lifecycleTransition("autoscaling:EC2_INSTANCE_TERMINATING").heartbeatTimeout(10)));
        assertThat(shortHeartbeat.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        var badTransition = w.error(w.asg.putLifecycleHook(r -> r.autoScalingGroupName("web")
                .lifecycleHookName("x").lifecycleTransition("autoscaling:EC2_INSTANCE_REBOOTING")));
        assertThat(badTransition.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    }
}

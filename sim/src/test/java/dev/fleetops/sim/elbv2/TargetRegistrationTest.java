package dev.fleetops.sim.elbv2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Duration;
import java.util.List;

import static dev.fleetops.sim.elbv2.Elbv2Fixture.assertError;
import static dev.fleetops.sim.elbv2.Elbv2Fixture.targets;
import static org.assertj.core.api.Assertions.assertThat;

/** RegisterTargets, DeregisterTargets and DescribeTargetHealth: who is registered, in which state, and errors. */
class TargetRegistrationTest {

    private final Elbv2Fixture f = new Elbv2Fixture();

    @Test
    void targetsOfAGroupNoLoadBalancerRoutesToAreUnusedNotInUse() {
        String tg = f.group("web");
        String i = f.ec2.running();
        f.register(tg, i);

        TargetHealthDescription d = f.await(f.client.describeTargetHealth(b -> b.targetGroupArn(tg)))
                .targetHealthDescriptions().get(0);
        assertThat(d.target().id()).isEqualTo(i);
        assertThat(d.target().port()).isEqualTo(8080);
        assertThat(d.healthCheckPort()).isEqualTo("8080");
        assertHealth(d.targetHealth(), "unused", "Target.NotInUse",
                "Target group is not configured to receive traffic from the load balancer");

        f.scheduler.runFor(Duration.ofMinutes(1));
        assertThat(f.state(tg, i)).as("no health checks without a load balancer").isEqualTo("unused");

        f.alb("web-alb", tg);
        assertHealth(f.health(tg).get(i), "initial", "Elb.RegistrationInProgress", "Target registration is in progress");
        f.scheduler.runFor(Duration.ofSeconds(6));
        assertThat(f.state(tg, i)).isEqualTo("healthy");
    }

    @Test
    void aNewTargetIsInitialWhileRegistrationIsInProgress() {
        String tg = f.group("web");
        f.alb("web-alb", tg);
        String i = f.ec2.running();
        f.register(tg, i);

        assertHealth(f.health(tg).get(i), "initial", "Elb.RegistrationInProgress", "Target registration is in progress");
    }

    @Test
    void registeringTwiceIsHarmless() {
        String tg = f.group("web");
        f.alb("web-alb", tg);
        String i = f.ec2.running();
        f.register(tg, i);
        f.scheduler.runFor(Duration.ofSeconds(6));
        f.register(tg, i);

        assertThat(f.health(tg)).hasSize(1);
        assertThat(f.state(tg, i)).isEqualTo("healthy");
    }

    @Test
    void namedTargetsIncludeUnregisteredOnes() {
        String tg = f.group("web");
        String registered = f.ec2.running();
        String other = f.ec2.running();
        f.register(tg, registered);

        List<TargetHealthDescription> d = f.await(f.client.describeTargetHealth(b -> b.targetGroupArn(tg)
                .targets(targets(other, registered)))).targetHealthDescriptions();

        assertThat(d).extracting(x -> x.target().id()).containsExactly(other, registered);
        assertHealth(d.get(0).targetHealth(), "unused", "Target.NotRegistered", "Target is not registered to the target group");
        assertThat(d.get(1).targetHealth().stateAsString()).isEqualTo("unused");
        assertThat(f.health(tg)).containsOnlyKeys(registered);
    }

    @Test
    void unknownStoppedAndMalformedTargetsAreRejected() {
        String tg = f.group("web");
        String stopped = f.ec2.running();
        f.ec2.state(stopped, "stopped");
        String running = f.ec2.running();

        var unknown = f.error(f.client.registerTargets(b -> b.targetGroupArn(tg).targets(targets("i-0123456789abcdef0"))));
        assertThat(unknown).isInstanceOf(InvalidTargetException.class);
        assertError(unknown, "InvalidTarget", null);
        assertError(f.error(f.client.registerTargets(b -> b.targetGroupArn(tg).targets(targets(running, stopped)))),
                "InvalidTarget", "The following targets are not in a running state and cannot be registered: '" + stopped + "'");
        assertThat(f.health(tg)).as("a rejected request registers nothing").isEmpty();
        assertError(f.error(f.client.registerTargets(b -> b.targetGroupArn(tg).targets(targets("ip-10-0-0-7")))),
                "ValidationError", "Instance ID 'ip-10-0-0-7' is not valid");
        assertError(f.error(f.client.registerTargets(b -> b.targetGroupArn(tg))), "ValidationError",
                "1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
        assertError(f.error(f.client.describeTargetHealth(b -> b.targetGroupArn(tg).targets(targets("i-0123456789abcdef0")))),
                "InvalidTarget", null);
    }

    @Test
    void unknownOrMalformedGroupArns() {
        String missing = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef";
        String i = f.ec2.running();

        assertError(f.error(f.client.registerTargets(b -> b.targetGroupArn(missing).targets(targets(i)))),
                "TargetGroupNotFound", "Target groups '" + missing + "' not found");
        assertError(f.error(f.client.deregisterTargets(b -> b.targetGroupArn(missing).targets(targets(i)))),
                "TargetGroupNotFound", "Target groups '" + missing + "' not found");
        assertError(f.error(f.client.describeTargetHealth(b -> b.targetGroupArn(missing))),
                "TargetGroupNotFound", "Target groups '" + missing + "' not found");
        assertError(f.error(f.client.describeTargetHealth(b -> b.targetGroupArn("web"))),
                "ValidationError", "'web' is not a valid target group ARN");
        assertError(f.error(f.client.describeTargetHealth(b -> { })), "ValidationError",
                "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void deregisteringATargetThatIsNotRegisteredSucceeds() {
        String tg = f.group("web");
        String i = f.ec2.running();

        f.deregister(tg, i);

        assertThat(f.health(tg)).isEmpty();
    }

    @Test
    void aTargetDrainsForExactlyTheDeregistrationDelayThenIsGone() {
        String tg = f.group("web");
        f.alb("web-alb", tg);
        f.await(f.client.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value("30").build())));
        String i = f.ec2.running();
        f.register(tg, i);
        f.scheduler.runFor(Duration.ofSeconds(10));

        f.deregister(tg, i);
        assertHealth(f.health(tg).get(i), "draining", "Target.DeregistrationInProgress", "Target deregistration is in progress");
        f.scheduler.runFor(Duration.ofSeconds(29).plusMillis(999));
        assertThat(f.state(tg, i)).isEqualTo("draining");
        f.scheduler.runFor(Duration.ofMillis(1));
        assertThat(f.health(tg)).isEmpty();
        assertThat(f.await(f.client.describeTargetHealth(b -> b.targetGroupArn(tg).targets(targets(i))))
                .targetHealthDescriptions().get(0).targetHealth().reasonAsString()).isEqualTo("Target.NotRegistered");
    }

    @Test
    void theDefaultDelayIsFiveMinutesAndZeroMeansAtOnce() {
        String tg = f.group("web");
        String i = f.ec2.running();
        f.register(tg, i);
        f.deregister(tg, i);
        f.scheduler.runFor(Duration.ofSeconds(299));
        assertThat(f.state(tg, i)).isEqualTo("draining");
        f.scheduler.runFor(Duration.ofSeconds(1));
        assertThat(f.state(tg, i)).isEqualTo("absent");

        f.await(f.client.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value("0").build())));
        f.register(tg, i);
        f.deregister(tg, i);
        assertThat(f.state(tg, i)).isEqualTo("absent");
    }

    @Test
    void registeringADrainingTargetBringsItBack() {
        String tg = f.group("web");
        f.alb("web-alb", tg);
        String i = f.ec2.running();
        f.register(tg, i);
        f.deregister(tg, i);

        f.register(tg, i);
        assertThat(f.state(tg, i)).isEqualTo("initial");
        f.scheduler.runFor(Duration.ofMinutes(6));
        assertThat(f.state(tg, i)).as("the old drain timer no longer applies").isEqualTo("healthy");
    }

    @Test
    void aStoppedInstanceIsUnusedInvalidStateAndComesBackWhenItRuns() {
        String tg = f.group("web");
        f.alb("web-alb", tg);
        String i = f.ec2.running();
        f.register(tg, i);
        f.scheduler.runFor(Duration.ofSeconds(6));

        f.ec2.state(i, "stopping");
        f.ec2.state(i, "stopped");
        assertHealth(f.health(tg).get(i), "unused", "Target.InvalidState", "Target is in the stopped state");

        f.ec2.state(i, "pending");
        f.ec2.state(i, "running");
        assertHealth(f.health(tg).get(i), "initial", "Elb.InitialHealthChecking", "Initial health checks in progress");
        f.ec2.app(i, true);
        f.scheduler.runFor(Duration.ofSeconds(6));
        assertThat(f.state(tg, i)).isEqualTo("healthy");
    }

    @Test
    void aTerminatedInstanceIsDeregisteredThroughDraining() {
        String tg = f.group("web");
        f.alb("web-alb", tg);
        String i = f.ec2.running();
        f.register(tg, i);
        f.scheduler.runFor(Duration.ofSeconds(6));

        f.ec2.state(i, "shutting-down");
        assertThat(f.state(tg, i)).isEqualTo("draining");
        f.ec2.state(i, "terminated");
        f.scheduler.runFor(Duration.ofSeconds(300));
        assertThat(f.health(tg)).isEmpty();
    }

    @Test
    void theRegistryResolvesGroupsAndRegistersAtTheGroupPort() {
        String tg = f.group("web");
        f.alb("web-alb", tg);
        String i = f.ec2.running();

        assertThat(f.elb.resolve("web")).contains(tg);
        assertThat(f.elb.resolve(tg)).contains(tg);
        assertThat(f.elb.resolve("nope")).isEmpty();

        f.elb.register(tg, i);
        assertThat(f.elb.state(tg, i)).contains("initial");
        f.scheduler.runFor(Duration.ofSeconds(6));
        assertThat(f.elb.state(tg, i)).contains("healthy");
        assertThat(f.health(tg).keySet()).containsExactly(i);

        f.elb.deregister(tg, i);
        f.elb.deregister(tg, i);
        assertThat(f.elb.state(tg, i)).contains("draining");
        f.scheduler.runFor(Duration.ofSeconds(300));
        assertThat(f.elb.state(tg, i)).isEmpty();
    }

    @Test
    void anInstanceRegisteredWhilePendingIsCheckedOnceItRuns() {
        String tg = f.group("web");
        f.alb("web-alb", tg);
        String i = f.ec2.running();
        f.ec2.state(i, "pending");

        f.elb.register(tg, i);
        f.scheduler.runFor(Duration.ofMinutes(1));
        assertHealth(f.health(tg).get(i), "initial", "Elb.RegistrationInProgress", "Target registration is in progress");

        f.ec2.state(i, "running");
        f.ec2.app(i, true);
        f.scheduler.runFor(Duration.ofSeconds(6));
        assertThat(f.state(tg, i)).isEqualTo("healthy");
    }

    @Test
    void aStoppedTargetOfAnUnusedGroupStaysUnchecked() {
        String tg = f.group("web");
        String i = f.ec2.running();
        f.register(tg, i);
        f.ec2.state(i, "stopped");
        f.ec2.state(i, "running");
        f.ec2.app(i, true);

        f.scheduler.runFor(Duration.ofMinutes(1));

        assertThat(f.health(tg).get(i).reasonAsString()).isEqualTo("Target.NotInUse");
    }

    @Test
    void theSdkWaitersRunOnVirtualTime() {
        String tg = f.group("web");
        f.alb("web-alb", tg);
        String i = f.ec2.running();
        f.register(tg, i);

        var inService = f.scheduler.await(f.client.waiter().waitUntilTargetInService(b -> b.targetGroupArn(tg)
                .targets(targets(i))), Duration.ofMinutes(15));
        assertThat(inService.matched().response()).isPresent();
        assertThat(f.state(tg, i)).isEqualTo("healthy");

        f.deregister(tg, i);
        var deregistered = f.scheduler.await(f.client.waiter().waitUntilTargetDeregistered(b -> b.targetGroupArn(tg)
                .targets(targets(i))), Duration.ofMinutes(15));
        assertThat(deregistered.matched().response()).isPresent();
        assertThat(f.scheduler.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(300));
    }

    private static void assertHealth(TargetHealth h, String state, String reason, String description) {
        assertThat(h.stateAsString()).isEqualTo(state);
        assertThat(h.reasonAsString()).isEqualTo(reason);
        assertThat(h.description()).isEqualTo(description);
    }
}

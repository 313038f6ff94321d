package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** aws:executeAwsApi, aws:assertAwsResourceProperty and aws:waitForAwsResourceProperty on the simulated region. */
class ApiActionsTest {

    private static final String ALL_HEALTHY = """
            Service: elbv2
            Api: DescribeTargetHealth
            PropertySelector: $.TargetHealthDescriptions..TargetHealth.State
            DesiredValues:
              - healthy
            TargetGroupArn: %s
            """;

    private final World world = new World();
    private final List<String> ids = world.launch(3);
    private final String tg = world.webGroup(ids);

    private World.Attempt deregister(String id) {
        return world.attempt(new ExecuteAwsApi(), """
                Service: elbv2
                Api: DeregisterTargets
                TargetGroupArn: %s
                Targets:
                  - Id: %s
                """.formatted(tg, id), Duration.ofSeconds(25));
    }

    /** A well-formed ARN of a group that does not exist. */
    private static String unknown(String arn) {
        return arn.substring(0, arn.length() - 1) + (arn.endsWith("0") ? "1" : "0");
    }

    @Test
    void seed004AssertionHoldsOnAHealthyGroupAndFailsWithOneTargetDraining() {
        World.Attempt healthy = world.attempt(new AssertAwsResourceProperty(), ALL_HEALTHY.formatted(tg), Duration.ofSeconds(60));
        healthy.succeeded();
        assertThat(healthy.ctx().calls).containsExactly("elbv2 DescribeTargetHealth");

        deregister(ids.get(1)).succeeded();
        World.Attempt draining = world.attempt(new AssertAwsResourceProperty(), ALL_HEALTHY.formatted(tg), Duration.ofSeconds(60));

        ActionFailure f = draining.failed();
        assertThat(f.type()).isEqualTo(ActionFailure.Type.Verification);
        assertThat(f.timedOut()).isFalse();
        assertThat(f.getMessage()).isEqualTo("assertion failed on elbv2 DescribeTargetHealth: PropertySelector "
                + "$.TargetHealthDescriptions..TargetHealth.State selected [healthy, draining, healthy] "
                + "(DesiredValues [healthy])");
    }

    @Test
    void seed004AssertsOneInstanceIsAHealthyTargetByIndex() {
        world.attempt(new AssertAwsResourceProperty(), """
                Service: elbv2
                Api: DescribeTargetHealth
                PropertySelector: $.TargetHealthDescriptions[0].TargetHealth.State
                DesiredValues: [healthy]
                TargetGroupArn: %s
                Targets:
                  - Id: %s
                """.formatted(tg, ids.get(2)), Duration.ofSeconds(60)).succeeded();
    }

    @Test
    void aSelectorThatMatchesNothingNeverHolds() {
        ActionFailure f = world.attempt(new AssertAwsResourceProperty(), """
                Service: elbv2
                Api: DescribeTargetHealth
                PropertySelector: $.TargetHealthDescriptions..TargetHealth.Status
                DesiredValues: [healthy]
                TargetGroupArn: %s
                """.formatted(tg), Duration.ofSeconds(60)).failed();
        assertThat(f.getMessage()).endsWith("PropertySelector $.TargetHealthDescriptions..TargetHealth.Status "
                + "matched nothing (DesiredValues [healthy])");
    }

    @Test
    void aMalformedSelectorFailsBeforeAnyCall() {
        World.Attempt a = world.attempt(new AssertAwsResourceProperty(), """
                Service: elbv2
                Api: DescribeTargetHealth
                PropertySelector: TargetHealthDescriptions..TargetHealth.State
                DesiredValues: [healthy]
                TargetGroupArn: %s
                """.formatted(tg), Duration.ofSeconds(60));
        assertThat(a.failed().getMessage()).isEqualTo("aws:assertAwsResourceProperty input PropertySelector is not a "
                + "valid selector: a selector starts with $, got \"TargetHealthDescriptions..TargetHealth.State\"");
        assertThat(a.ctx().calls).isEmpty();
    }

    @Test
    void aSelectorPointingAtAMapIsReportedNotCompared() {
        ActionFailure f = world.attempt(new AssertAwsResourceProperty(), """
                Service: elbv2
                Api: DescribeTargetHealth
                PropertySelector: $.TargetHealthDescriptions[0].TargetHealth
                DesiredValues: [healthy]
                TargetGroupArn: %s
                """.formatted(tg), Duration.ofSeconds(60)).failed();
        assertThat(f.getMessage()).isEqualTo("PropertySelector $.TargetHealthDescriptions[0].TargetHealth selected "
                + "{\"State\":\"healthy\"}, not a value to compare: point it at a string, number or boolean");
    }

    @Test
    void booleansAreComparedAsTrueAndFalse() {
        world.attempt(new AssertAwsResourceProperty(), """
                Service: elbv2
                Api: DescribeTargetGroups
                TargetGroupArns: [%s]
                PropertySelector: $.TargetGroups[0].HealthCheckEnabled
                DesiredValues: [True]
                """.formatted(tg), Duration.ofSeconds(60)).succeeded();
        world.attempt(new AssertAwsResourceProperty(), """
                Service: ec2
                Api: DescribeInstances
                InstanceIds: [%s]
                PropertySelector: $.Reservations[0].Instances[0].State.Code
                DesiredValues: ["16"]
                """.formatted(ids.get(0)), Duration.ofSeconds(60)).succeeded();
    }

    @Test
    void executeAwsApiLeavesTheResponseForTheStepsUserOutputs() {
        World.Attempt a = world.attempt(new ExecuteAwsApi(), """
                Service: ec2
                Api: DescribeInstances
                InstanceIds: [%s, %s]
                """.formatted(ids.get(0), ids.get(1)), Duration.ofSeconds(25));
        JsonNode response = a.succeeded().outputs().get(ActionResult.RESPONSE);
        assertThat(a.output("OutputPayload")).isEqualTo(response.toString());
        assertThat(response.at("/Reservations/0/Instances/0/InstanceId").asText()).isEqualTo(ids.get(0));
        assertThat(response.at("/Reservations/0/Instances/0/State/Code").asInt()).isEqualTo(16);
        assertThat(a.ctx().calls).containsExactly("ec2 DescribeInstances");
    }

    @Test
    void executeAwsApiRejectsUnknownMembersAndReportsApiErrors() {
        ActionFailure member = world.attempt(new ExecuteAwsApi(), """
                Service: elbv2
                Api: DescribeTargetHealth
                TargetGroupArn: %s
                TargetGroup: x
                """.formatted(tg), Duration.ofSeconds(25)).failed();
        assertThat(member.type()).isEqualTo(ActionFailure.Type.Action);
        assertThat(member.getMessage()).startsWith("elbv2 DescribeTargetHealth: ").contains("has no input member TargetGroup");

        ActionFailure service = world.attempt(new ExecuteAwsApi(), "Service: nosuch\nApi: DoIt\n", Duration.ofSeconds(25)).failed();
        assertThat(service.getMessage()).contains("service nosuch is not in the API catalog");

        ActionFailure api = world.attempt(new ExecuteAwsApi(), """
                Service: elbv2
                Api: DescribeTargetHealth
                TargetGroupArn: %s
                """.formatted(unknown(tg)), Duration.ofSeconds(25)).failed();
        assertThat(api.getMessage()).startsWith("elbv2 DescribeTargetHealth: TargetGroupNotFound: ");
    }

    @Test
    void aCallThatDoesNotAnswerWithin25SecondsTimesTheStepOut() {
        World slow = new World(World.fault("elbv2", "DescribeTargetHealth", null, Duration.ofSeconds(40),
                Duration.ZERO, null));
        World.Attempt a = slow.attempt(new ExecuteAwsApi(), """
                Service: elbv2
                Api: DescribeTargetHealth
                TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef
                """, Duration.ofSeconds(3600));
        assertThat(a.failed().timedOut()).isTrue();
        assertThat(a.failure().getMessage()).isEqualTo("elbv2 DescribeTargetHealth did not answer within 25 s (the per-call limit)");
        assertThat(a.took()).isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void seed004WaitsForTheDeregisteredTargetToBeUnused() {
        deregister(ids.get(0)).succeeded();
        World.Attempt wait = world.attempt(new WaitForAwsResourceProperty(), """
                Service: elbv2
                Api: DescribeTargetHealth
                PropertySelector: $.TargetHealthDescriptions[0].TargetHealth.State
                DesiredValues:
                  - unused
                TargetGroupArn: %s
                Targets:
                  - Id: %s
                """.formatted(tg, ids.get(0)), Duration.ofSeconds(600));
        wait.succeeded();
        // the default deregistration delay is 300 s; polls at most 30 s apart (+20%) see it soon after
        assertThat(wait.took()).isBetween(Duration.ofSeconds(300), Duration.ofSeconds(337));
        assertThat(wait.ctx().calls("elbv2 DescribeTargetHealth")).isBetween(10L, 25L);
        assertThat(wait.ctx().progress).anyMatch(p -> p.contains("selected [draining]"));
    }

    @Test
    void aWaitThatNeverHoldsTimesOutAtTheDeadlineInVirtualTime() {
        World.Attempt wait = world.attempt(new WaitForAwsResourceProperty(), ALL_HEALTHY.formatted(tg)
                .replace("- healthy", "- unhealthy"), Duration.ofSeconds(120));
        ActionFailure f = wait.failed();
        assertThat(f.timedOut()).isTrue();
        assertThat(wait.took()).isEqualTo(Duration.ofSeconds(120));
        assertThat(f.getMessage()).startsWith("timed out after 120 s waiting for $.TargetHealthDescriptions..TargetHealth.State "
                + "in [unhealthy] (elbv2 DescribeTargetHealth) (")
                .endsWith("polls; last seen: PropertySelector $.TargetHealthDescriptions..TargetHealth.State selected "
                        + "[healthy, healthy, healthy] (DesiredValues [unhealthy]))");
    }

    @Test
    void throttlingAndTransientErrorsAreRetriedWhileWaiting() {
        for (String code : List.of("Throttling", "InternalFailure")) {
            World flaky = new World(World.fault("elbv2", "DescribeTargetHealth", code, Duration.ZERO,
                    Duration.ZERO, Duration.ofMinutes(5)));
            List<String> two = flaky.launch(2);
            String group = flaky.webGroup(two);
            World.Attempt wait = flaky.attempt(new WaitForAwsResourceProperty(), ALL_HEALTHY.formatted(group),
                    Duration.ofSeconds(600));
            wait.succeeded();
            assertThat(wait.ctx().calls("elbv2 DescribeTargetHealth")).as(code).isGreaterThan(1);
        }
    }

    @Test
    void anyOtherErrorFailsTheWaitAtOnce() {
        World.Attempt wait = world.attempt(new WaitForAwsResourceProperty(), ALL_HEALTHY.formatted(unknown(tg)),
                Duration.ofSeconds(600));
        ActionFailure f = wait.failed();
        assertThat(f.timedOut()).isFalse();
        assertThat(f.getMessage()).startsWith("while waiting for $.TargetHealthDescriptions..TargetHealth.State in "
                + "[healthy] (elbv2 DescribeTargetHealth): TargetGroupNotFound: ");
        assertThat(wait.took()).isLessThan(Duration.ofSeconds(1));
        assertThat(wait.ctx().calls).hasSize(1);
    }

    @Test
    void cancellingTheExecutionStopsTheWaitWithoutFurtherCalls() {
        FakeContext ctx = new FakeContext(world.region.cloud(), World.inputs(ALL_HEALTHY.formatted(tg)
                .replace("- healthy", "- unhealthy")), Duration.ofSeconds(600), true);
        var f = new WaitForAwsResourceProperty().execute(ctx).toCompletableFuture();
        world.settle(Duration.ofSeconds(10));
        int calls = ctx.calls.size();
        ctx.cancelled.complete(null);
        world.settle(Duration.ofMinutes(5));
        assertThat(f).isCompletedExceptionally();
        assertThat(ctx.calls).hasSize(calls);
    }
}

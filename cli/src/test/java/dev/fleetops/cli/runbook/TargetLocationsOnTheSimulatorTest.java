package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.cli.session.Session;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.rate.RateControlRequest;
import dev.fleetops.runbook.rate.TargetLocations;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code run --target-locations} on a simulation of two Regions (seed 004's web fleet in us-east-1, three
 * instances, and in eu-west-1, two): the locations' parent runs one child per Region under TargetLocationMaxConcurrency
 * and TargetLocationMaxErrors, each rate-controlled over the web group's instances of its own Region; the graceful
 * reboot leaves every instance of both Regions healthy in its own target group, each mutating call made in its own
 * Region once per instance.
 */
class TargetLocationsOnTheSimulatorTest {

    static final String ACCOUNT = SimRegion.DEFAULT_ACCOUNT;
    static final Path EXAMPLES = Path.of("..", "examples", "runbooks");
    static final List<String> MUTATING = List.of("elbv2:DeregisterTargets", "elbv2:RegisterTargets", "ssm:SendCommand");

    @TempDir
    Path dir;

    /** Web in us-east-1 (3 instances) and in eu-west-1 (2). */
    Path scenario() throws Exception {
        return Files.writeString(dir.resolve("two-regions.yaml"), Scenarios.builtinText("web") + """

                regions:
                  - region: eu-west-1
                    scenario: web
                    scenarioParams: {size: 2}
                """);
    }

    /**
     * The graceful reboot of one instance in whatever Region it runs: the target group's ARN differs per Region,
     * so it is looked up there by name (one parameter set serves every location, as in SSM).
     */
    Path documents() throws Exception {
        for (String d : List.of("RebootInstanceGraceful.yaml", "RebootWithHealthcheck.yaml")) {
            Files.copy(EXAMPLES.resolve(d), dir.resolve(d));
        }
        return Files.writeString(dir.resolve("RebootInRegion.yaml"), """
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                mainSteps:
                  - name: FindTargetGroup
                    action: aws:executeAwsApi
                    inputs: {Service: elbv2, Api: DescribeTargetGroups, Names: [web-tg]}
                    outputs: [{Name: Arn, Selector: '$.TargetGroups[0].TargetGroupArn', Type: String}]
                  - name: Reboot
                    action: aws:executeAutomation
                    inputs:
                      DocumentName: RebootInstanceGraceful
                      RuntimeParameters: {InstanceId: '{{ InstanceId }}', TargetGroupArn: '{{ FindTargetGroup.Arn }}'}
                """);
    }

    static String locations(String regions, String role, String concurrency, String errors) {
        return "[{\"Accounts\": [\"" + ACCOUNT + "\"], \"Regions\": [" + regions + "], \"ExecutionRoleName\": \"" + role + "\","
                + " \"TargetLocationMaxConcurrency\": \"" + concurrency + "\", \"TargetLocationMaxErrors\": \"" + errors + "\"}]";
    }

    @Test
    void eachRegionIsRebootedGracefullyOneLocationAtATime() throws Exception {
        Path doc = documents();
        SimRegion home = Scenarios.start(Scenarios.load(scenario().toString(), Map.of()));
        Scenarios.settle(home, Scenarios.DEFAULT_SETTLE);
        SimRegion west = home.region(ACCOUNT, "eu-west-1").orElseThrow();
        Map<SimRegion, Map<String, Long>> before = Map.of(home, calls(home), west, calls(west));

        ExecutionRecord parent;
        try (Session session = Session.on(home);
             RunbookSession runs = RunbookSession.open(session, dir, null, false, null)) {
            RateControlRequest perLocation = RateControlRequest.of(doc.toString(), Set.of("InstanceId"), Map.of(),
                    "tag:aws:autoscaling:groupName=web", "InstanceId", "1", "0");
            parent = runs.runAcrossLocations(doc.toString(), TargetLocations.parse(locations("\"us-east-1\", \"eu-west-1\"",
                    TargetLocations.DEFAULT_ROLE, "1", "0")), Optional.of(perLocation), Map.of()).record();
        }

        assertThat(parent.status()).as(parent.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(parent.steps()).extracting(StepRecord::stepName).containsExactly(ACCOUNT + "/us-east-1", ACCOUNT + "/eu-west-1");
        StepRecord first = parent.steps().get(0);
        StepRecord second = parent.steps().get(1);
        assertThat(second.start().orElseThrow()).as("TargetLocationMaxConcurrency 1: one location at a time")
                .isAfterOrEqualTo(first.end().orElseThrow());
        for (SimRegion region : List.of(home, west)) {
            int n = region == home ? 3 : 2;
            StepRecord step = region == home ? first : second;
            ExecutionRecord location = step.children().get(0);
            assertThat(location.steps()).as("one child per instance of %s", region.context().region())
                    .extracting(StepRecord::stepName).containsExactlyInAnyOrderElementsOf(instances(region));
            List<TargetHealthDescription> targets = targets(region);
            assertThat(targets).hasSize(n).allSatisfy(t -> assertThat(t.targetHealth().state())
                    .as("%s in %s", t.target().id(), region.context().region()).isEqualTo(TargetHealthStateEnum.HEALTHY));
            for (String op : MUTATING) {
                String[] p = op.split(":");
                assertThat(region.context().gate().calls(p[0], p[1]) - before.get(region).get(op))
                        .as("%s in %s", op, region.context().region()).isEqualTo(n * (op.equals("ssm:SendCommand") ? 2L : 1L));
            }
        }
        assertThat(home.context().gate().calls("sts", "AssumeRole")).as("one role assumed per location").isEqualTo(2);
    }

    @Test
    void aLocationWhoseRoleCannotBeAssumedFailsAndMaxErrorsStopsTheRest() throws Exception {
        Path doc = documents();
        SimRegion home = Scenarios.start(Scenarios.load(scenario().toString(), Map.of()));
        Scenarios.settle(home, Scenarios.DEFAULT_SETTLE);
        SimRegion west = home.region(ACCOUNT, "eu-west-1").orElseThrow();
        long westReboots = west.context().gate().calls("elbv2", "DeregisterTargets");

        ExecutionRecord parent;
        try (Session session = Session.on(home);
             RunbookSession runs = RunbookSession.open(session, dir, null, false, null)) {
            RateControlRequest perLocation = RateControlRequest.of(doc.toString(), Set.of("InstanceId"), Map.of(),
                    "tag:aws:autoscaling:groupName=web", "InstanceId", "1", "0");
            parent = runs.runAcrossLocations(doc.toString(), TargetLocations.parse(locations("\"us-west-2\", \"eu-west-1\"",
                    TargetLocations.DEFAULT_ROLE, "1", "0")), Optional.of(perLocation), Map.of()).record();
        }

        assertThat(parent.status()).isEqualTo(Status.Failed);
        assertThat(parent.steps().get(0).failureMessage().orElseThrow()).contains("location " + ACCOUNT + "/us-west-2 (role "
                + TargetLocations.DEFAULT_ROLE + "): the simulation has no Region us-west-2 in account " + ACCOUNT);
        assertThat(parent.steps().get(1).notes()).contains("not started");
        assertThat(west.context().gate().calls("elbv2", "DeregisterTargets")).as("eu-west-1 untouched").isEqualTo(westReboots);
    }

    @Test
    void theCommandRunsTheLocationsOfTheScenarioAndAnUnknownRoleFailsItsLocation() throws Exception {
        Path doc = documents();
        Path scenario = scenario();
        CliRun r = CliRun.of("--scenario", scenario.toString(), "-o", "json", "run", doc.toString(), "--docs", dir.toString(),
                "--target-locations", locations("\"eu-west-1\", \"us-east-1\"", TargetLocations.DEFAULT_ROLE, "2", "0"),
                "--targets", "tag:aws:autoscaling:groupName=web", "--target-parameter-name", "InstanceId", "--max-concurrency", "1");
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        JsonNode parent = Json.parse(r.out()).path("AutomationExecution");
        assertThat(parent.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        List<String> steps = new ArrayList<>();
        parent.path("StepExecutions").forEach(s -> steps.add(s.path("StepName").asText()));
        assertThat(steps).containsExactly(ACCOUNT + "/eu-west-1", ACCOUNT + "/us-east-1");
        JsonNode west = Json.parse(r.out()).at("/Fleetops/StepExecutions/0/ChildExecutions/0/AutomationExecution");
        assertThat(west.path("StepExecutions")).hasSize(2);

        CliRun denied = CliRun.of("--scenario", scenario.toString(), "run", doc.toString(), "--docs", dir.toString(),
                "--target-locations", locations("\"eu-west-1\"", "Ops", "1", "0"),
                "--targets", "tag:aws:autoscaling:groupName=web", "--target-parameter-name", "InstanceId");
        assertThat(denied.exitCode()).as(denied.err() + denied.out()).isEqualTo(1);
        assertThat(denied.out()).contains("location " + ACCOUNT + "/eu-west-1 (role Ops): AccessDenied")
                .contains("not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::" + ACCOUNT + ":role/Ops");
    }

    static Map<String, Long> calls(SimRegion region) {
        Map<String, Long> out = new java.util.HashMap<>();
        for (String op : MUTATING) {
            String[] p = op.split(":");
            out.put(op, region.context().gate().calls(p[0], p[1]));
        }
        return out;
    }

    static List<TargetHealthDescription> targets(SimRegion region) {
        var elb = region.cloud().elbv2();
        String arn = region.scheduler().await(elb.describeTargetGroups(b -> b.names("web-tg")), Duration.ofMinutes(1))
                .targetGroups().get(0).targetGroupArn();
        return region.scheduler().await(elb.describeTargetHealth(b -> b.targetGroupArn(arn)), Duration.ofMinutes(1))
                .targetHealthDescriptions();
    }

    static List<String> instances(SimRegion region) {
        return targets(region).stream().map(t -> t.target().id()).toList();
    }
}

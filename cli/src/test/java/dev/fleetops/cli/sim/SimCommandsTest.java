package dev.fleetops.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimCommandsTest {

    @Test
    void plainFleetopsPrintsHelpThatTeaches() {
        CliRun r = CliRun.of();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: fleetops").contains("--cloud=sim|aws").contains("fleetops sim show");
    }

    @Test
    void simShowPrintsTheSettledWebScenario() {
        CliRun r = CliRun.of("sim", "show");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("web                  desired 3 (min 1, max 6)  InService 3")
                .contains("web-tg               port 8080  health check every 6s, healthy/unhealthy after 2/2");
        assertThat(r.out().lines().filter(l -> l.trim().matches("i-[0-9a-f]{17} +healthy.*"))).hasSize(3);
    }

    @Test
    void simShowJsonUsesTheAwsResponseShapes() throws Exception {
        CliRun r = CliRun.of("sim", "show", "-o", "json");
        JsonNode j = Json.parse(r.out());
        assertThat(j.at("/AutoScalingGroups/0/AutoScalingGroupName").asText()).isEqualTo("web");
        assertThat(j.at("/AutoScalingGroups/0/Instances")).hasSize(3);
        assertThat(j.at("/Reservations/0/Instances/0/State/Name").asText()).isEqualTo("running");
        assertThat(j.at("/TargetGroups/0/HealthCheckIntervalSeconds").asInt()).isEqualTo(6);
        JsonNode health = j.at("/TargetGroups/0/TargetHealthDescriptions");
        assertThat(health).hasSize(3);
        health.forEach(h -> assertThat(h.at("/TargetHealth/State").asText()).isEqualTo("healthy"));
    }

    @Test
    void theSameSeedGivesTheSameRegionAndAnotherSeedAnother() {
        String a = CliRun.of("sim", "show", "--seed", "7", "-o", "json").out();
        String b = CliRun.of("sim", "show", "--seed", "7", "-o", "json").out();
        String c = CliRun.of("sim", "show", "--seed", "8", "-o", "json").out();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void simRunPrintsTheTimelineWithEventCounts() throws Exception {
        CliRun text = CliRun.of("sim", "run", "--for", "2m");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("+00:00:30  ec2.state").contains("pending -> running")
                .contains("00:02:00 of virtual time");

        JsonNode j = Json.parse(CliRun.of("sim", "run", "--for", "2m", "-o", "json").out());
        assertThat(j.get("SimulatedEventsProcessed").asLong()).isPositive();
        assertThat(j.at("/Counts/ec2.state").asInt()).isEqualTo(6); // 3 instances: pending, then running
        assertThat(j.get("Timeline").size()).isGreaterThan(10);
    }

    @Test
    void scenarioParametersReachTheScenario() {
        CliRun r = CliRun.of("sim", "show", "--scenario", "asg-launch", "--scenario-param", "size=4");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("desired 4");
    }

    @Test
    void usageMistakesExitTwoWithAClearMessageAndNoStackTrace() {
        CliRun unknownScenario = CliRun.of("sim", "show", "--scenario", "nope");
        assertThat(unknownScenario.exitCode()).isEqualTo(2);
        assertThat(unknownScenario.err()).contains("no such scenario file, nor a built-in scenario").doesNotContain("at dev.");

        CliRun badDuration = CliRun.of("sim", "run", "--for", "banana");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err()).contains("'banana' is not a duration");

        CliRun awsOnlyFlag = CliRun.of("sim", "show", "--endpoint-url", "http://127.0.0.1:1");
        assertThat(awsOnlyFlag.exitCode()).isEqualTo(2);
        assertThat(awsOnlyFlag.err()).contains("--profile and --endpoint-url apply to --cloud aws only");

        CliRun unknownParam = CliRun.of("sim", "show", "--scenario-param", "bogus=1");
        assertThat(unknownParam.exitCode()).isEqualTo(2);
        assertThat(unknownParam.err()).contains("bogus");
    }
}

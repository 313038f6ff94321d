package dev.fleetops.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.cli.report.HeadlessChromium;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void thePlainRebootDropsRequestsAndTheGracefulOneDoesNot(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("demo.html");
        CliRun r = CliRun.of("demo", "--report", report.toString(), "-o", "json");

        assertThat(r.exitCode()).isZero();
        JsonNode runs = Json.parse(r.out());
        assertThat(runs).hasSize(2);
        JsonNode plain = runs.get(0);
        JsonNode graceful = runs.get(1);
        assertThat(plain.get("DocumentName").asText()).isEqualTo("RebootWithHealthcheck");
        assertThat(graceful.get("DocumentName").asText()).isEqualTo("RebootInstanceGraceful");
        assertThat(plain.get("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(graceful.get("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(plain.at("/Traffic/Responses5xx").asLong()).isPositive();
        assertThat(graceful.at("/Traffic/Responses5xx").asLong()).isZero();
        assertThat(graceful.at("/Traffic/Requests").asLong()).isGreaterThan(plain.at("/Traffic/Requests").asLong());
        assertThat(r.err()).as("-o json prints only the records").isEmpty();

        String dom = HeadlessChromium.dumpDom(report);
        // per run: step timeline, target-health lanes, traffic bars
        assertThat(dom).contains("data-rendered=\"6\"").contains("data-chart=\"run0-traffic\"")
                .contains("data-chart=\"run1-health\"").contains("5xx");
    }

    @Test
    void textOutputShowsTheRunsSideBySideAndTheStepsThatMadeTheDifference(@TempDir Path dir) {
        CliRun r = CliRun.of("demo", "--report", dir.resolve("d.html").toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("plain reboot").contains("graceful reboot")
                .contains("5xx responses").contains("WaitForDeregisteredTarget").contains("Report: ");
        assertThat(r.err()).contains("demo: 1/2 plain reboot").contains("ok InvokeReboot Success");
    }

    @Test
    void theDemoRefusesWhatItCannotDo() {
        assertThat(CliRun.of("demo", "--cloud", "aws").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("demo", "--scenario", "asg-launch").err()).contains("built-in web scenario");
        assertThat(CliRun.of("demo", "--traffic", "0").exitCode()).isEqualTo(2);
    }
}

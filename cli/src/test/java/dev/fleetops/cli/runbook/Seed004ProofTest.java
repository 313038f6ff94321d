package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004's proof: its two documents, unmodified, on the built-in web scenario under 2 requests/s. The plain
 * reboot leaves the instance in the target group while it reboots (502s); the graceful one drains it first (none).
 */
class Seed004ProofTest {

    private static final String DOCS = "../examples/runbooks";

    @Test
    void thePlainRebootSucceedsButClientsSee5xx() throws Exception {
        JsonNode r = run("run", DOCS + "/RebootWithHealthcheck.yaml", "-p", "InstanceIds=@instance:web:0", "--traffic", "2");
        JsonNode j = r.path("AutomationExecution");
        assertThat(j.path("DocumentName").asText()).isEqualTo("RebootWithHealthcheck");
        assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(r.at("/Fleetops/Traffic/Requests").asLong()).isPositive();
        assertThat(r.at("/Fleetops/Traffic/Responses5xx").asLong()).isPositive();
    }

    @Test
    void theGracefulRebootSucceedsWithNo5xx() throws Exception {
        JsonNode r = run("run", "RebootInstanceGraceful", "--docs", DOCS, "-p", "InstanceId=@instance:web:0",
                "-p", "TargetGroupArn=@target-group:web-tg", "--traffic", "2");
        JsonNode j = r.path("AutomationExecution");
        assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(r.at("/Fleetops/Traffic/Requests").asLong()).isPositive();
        assertThat(r.at("/Fleetops/Traffic/Responses5xx").asLong()).isZero();
        assertThat(r.at("/Fleetops/Traffic/Responses2xx").asLong()).isEqualTo(r.at("/Fleetops/Traffic/Requests").asLong());
        String reboot = null;
        for (JsonNode s : j.path("StepExecutions")) {
            if (s.path("Action").asText().equals("aws:executeAutomation")) reboot = s.path("StepName").asText();
        }
        JsonNode child = null;
        for (JsonNode s : r.at("/Fleetops/StepExecutions")) {
            if (s.path("StepName").asText().equals(reboot)) child = s.at("/ChildExecutions/0/AutomationExecution");
        }
        assertThat(child).as("the reboot ran as a child execution").isNotNull();
        assertThat(child.path("DocumentName").asText()).isEqualTo("RebootWithHealthcheck");
        assertThat(child.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
    }

    private static JsonNode run(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "-o";
        all[1] = "json";
        System.arraycopy(args, 0, all, 2, args.length);
        CliRun r = CliRun.of(all);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).as("-o json prints only the record").isEmpty();
        return Json.parse(r.out());
    }
}

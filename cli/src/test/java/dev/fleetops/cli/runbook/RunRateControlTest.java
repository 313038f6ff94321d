package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fleetops run} with --targets: one child execution per target, at the concurrency asked for. */
class RunRateControlTest {

    private static final String DOCS = "../examples/runbooks";

    @Test
    void theGracefulRebootRunsOncePerInstanceOneAtATime() throws Exception {
        CliRun r = CliRun.of("--scenario-param", "size=5", "-o", "json", "run", "RebootInstanceGraceful", "--docs", DOCS,
                "--targets", "tag:aws:autoscaling:groupName=web", "--target-parameter-name", "InstanceId",
                "-p", "TargetGroupArn=@target-group:web-tg", "--max-concurrency", "1", "--traffic", "2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode response = Json.parse(r.out());
        JsonNode j = response.path("AutomationExecution");
        assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(j.path("DocumentName").asText()).isEqualTo("RebootInstanceGraceful");
        assertThat(j.at("/Outputs/TargetCount/0").asText()).isEqualTo("5"); // SSM's outputs: lists of strings
        assertThat(j.at("/Outputs/Concurrency/0").asText()).isEqualTo("1");
        assertThat(response.at("/Fleetops/Traffic/Responses5xx").asLong()).isZero();

        JsonNode steps = j.path("StepExecutions");
        assertThat(steps).hasSize(5);
        List<String> targets = new ArrayList<>();
        Instant previousEnd = Instant.MIN;
        int i = 0;
        for (JsonNode s : steps) {
            targets.add(s.path("StepName").asText());
            assertThat(s.path("Action").asText()).isEqualTo("aws:executeAutomation");
            JsonNode extra = response.at("/Fleetops/StepExecutions/" + i++);
            assertThat(extra.path("StepName").asText()).isEqualTo(s.path("StepName").asText());
            JsonNode child = extra.at("/ChildExecutions/0/AutomationExecution");
            assertThat(child.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
            assertThat(child.at("/Parameters/InstanceId/0").asText()).isEqualTo(s.path("StepName").asText());
            assertThat(s.at("/Outputs/ExecutionId/0").asText()).isEqualTo(child.path("AutomationExecutionId").asText());
            // max concurrency 1: each child starts after the one before it ended
            Instant start = Instant.parse(s.path("ExecutionStartTime").asText());
            assertThat(start).isAfterOrEqualTo(previousEnd);
            previousEnd = Instant.parse(s.path("ExecutionEndTime").asText());
        }
        assertThat(targets).doesNotHaveDuplicates().allMatch(t -> t.matches("i-[0-9a-f]{17}"));
    }

    @Test
    void concurrentChildrenShareTheirReadsUnlessToldNotTo() throws Exception {
        List<String> base = List.of("--scenario-param", "size=6", "-o", "json", "run", "RebootInstanceGracefulAtScale",
                "--docs", DOCS, "--targets", "tag:aws:autoscaling:groupName=web", "--target-parameter-name", "InstanceId",
                "-p", "TargetGroupArn=@target-group:web-tg", "--max-concurrency", "6");
        java.time.Duration[] makespan = new java.time.Duration[2];
        for (int i = 0; i < 2; i++) {
            List<String> args = new ArrayList<>(base);
            if (i == 1) args.add("--no-shared-reads");
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode j = Json.parse(r.out()).path("AutomationExecution");
            assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
            makespan[i] = java.time.Duration.between(Instant.parse(j.path("ExecutionStartTime").asText()),
                    Instant.parse(j.path("ExecutionEndTime").asText()));
        }
        // six children polling at once meet on the 2 s tick: their waits end sooner than on their own backoff
        assertThat(makespan[0]).isLessThan(makespan[1]);
    }

    @Test
    void textOutputListsTheChildExecutions() {
        CliRun r = CliRun.of("run", "../examples/runbooks/RebootInstanceGraceful.yaml",
                "--targets", "@instance:web:0,@instance:web:1", "--target-parameter-name", "InstanceId",
                "-p", "TargetGroupArn=@target-group:web-tg", "--max-concurrency", "50%");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("RebootInstanceGraceful ").contains(": Success")
                .containsPattern("(?m)^      child RebootInstanceGraceful [0-9a-f-]{36}: Success$");
    }

    @Test
    void aCommandDocumentRunsOnItsTargetsThroughSendCommandWithItsLimits() throws Exception {
        String doc = "../examples/commands/RestartService.yaml";
        CliRun r = CliRun.of("--scenario-param", "size=3", "-o", "json", "run", doc,
                "--targets", "tag:aws:autoscaling:groupName=web", "--max-concurrency", "1", "--max-errors", "0", "-p", "Service=nginx");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.parse(r.out()).path("AutomationExecution");
        assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        JsonNode step = j.at("/StepExecutions/0");
        assertThat(step.path("Action").asText()).isEqualTo("aws:runCommand");
        // SSM gives each input as JSON text
        assertThat(Json.parse(step.at("/Inputs/Targets").asText()).at("/0/Key").asText()).isEqualTo("tag:aws:autoscaling:groupName");
        assertThat(step.at("/Inputs/MaxConcurrency").asText()).isEqualTo("\"1\"");
        assertThat(step.at("/Inputs/MaxErrors").asText()).isEqualTo("\"0\"");
        assertThat(Json.parse(step.at("/Inputs/Parameters").asText()).at("/Service/0").asText()).isEqualTo("nginx");
        assertThat(step.at("/Outputs/Status/0").asText()).isEqualTo("Success");

        assertUsage(new String[]{"run", doc, "--targets", "tag:Role=web", "--target-parameter-name", "Service"},
                "--target-parameter-name: a Command document runs on the targets themselves");
        assertUsage(new String[]{"run", doc, "--max-concurrency", "3"}, "--targets: a Command document runs on instances");
        assertUsage(new String[]{"run", doc, "--targets", "tag:Role=web", "--max-errors", "-1"}, "--max-errors");
        assertUsage(new String[]{"run", doc}, "give targets");
    }

    @Test
    void badFlagsExitTwoNamingTheFlag() {
        String[] base = {"run", "RebootInstanceGraceful", "--docs", DOCS, "-p", "TargetGroupArn=@target-group:web-tg"};
        assertUsage(with(base, "--targets", "tag:Role", "--target-parameter-name", "InstanceId"), "--targets");
        assertUsage(with(base, "--targets", "tag:Role=web"), "--target-parameter-name");
        assertUsage(with(base, "--targets", "tag:Role=web", "--target-parameter-name", "instanceId"), "did you mean 'InstanceId'");
        assertUsage(with(base, "--targets", "tag:Role=web", "--target-parameter-name", "InstanceId", "--max-concurrency", "0"),
                "--max-concurrency");
        assertUsage(with(base, "--targets", "tag:Role=web", "--target-parameter-name", "InstanceId", "--max-errors", "x%"),
                "--max-errors");
        assertUsage(with(base, "--max-concurrency", "2"), "--max-concurrency");
        assertUsage(with(base, "--targets", "@instance:web:9", "--target-parameter-name", "InstanceId"), "--targets @instance:web:9");
    }

    private static void assertUsage(String[] args, String expected) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("fleetops: ").contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static String[] with(String[] base, String... more) {
        String[] out = new String[base.length + more.length];
        System.arraycopy(base, 0, out, 0, base.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    @Test
    void targetMapsGiveEachChildItsOwnParameters() throws Exception {
        CliRun r = CliRun.of("-o", "json", "run", "RebootInstanceGraceful", "--docs", DOCS, "--target-maps",
                "[{\"InstanceId\": [\"@instance:web:0\"]}, {\"InstanceId\": \"@instance:web:2\"}]",
                "-p", "TargetGroupArn=@target-group:web-tg", "--max-concurrency", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode response = Json.parse(r.out());
        JsonNode j = response.path("AutomationExecution");
        assertThat(j.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(j.at("/Outputs/TargetCount/0").asText()).isEqualTo("2");
        List<String> instances = new ArrayList<>();
        for (JsonNode s : response.at("/Fleetops/StepExecutions")) {
            JsonNode child = s.at("/ChildExecutions/0/AutomationExecution");
            assertThat(child.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
            assertThat(child.at("/Parameters/TargetGroupArn/0").asText()).startsWith("arn:aws:elasticloadbalancing:");
            instances.add(child.at("/Parameters/InstanceId/0").asText());
        }
        assertThat(instances).hasSize(2).doesNotHaveDuplicates().allMatch(t -> t.matches("i-[0-9a-f]{17}"));

        CliRun both = CliRun.of("run", "RebootInstanceGraceful", "--docs", DOCS, "--target-maps", "[{\"InstanceId\": [\"i-1\"]}]",
                "--targets", "i-1", "-p", "TargetGroupArn=x");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--target-maps: cannot be given with --targets (SSM: Targets and TargetMaps can't be specified together)")
                .doesNotContain("\tat ");
    }

    @Test
    void severalTagsTargetTheInstancesCarryingEveryOne() throws Exception {
        CliRun r = CliRun.of("-o", "json", "run", "RebootInstanceGraceful", "--docs", DOCS,
                "--targets", "Key=tag:aws:autoscaling:groupName,Values=web Key=tag:Name,Values=web,other",
                "--target-parameter-name", "InstanceId", "-p", "TargetGroupArn=@target-group:web-tg", "--max-concurrency", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.parse(r.out()).path("AutomationExecution");
        assertThat(j.at("/Outputs/TargetCount/0").asText()).isEqualTo("3");

        CliRun none = CliRun.of("-o", "json", "run", "RebootInstanceGraceful", "--docs", DOCS,
                "--targets", "Key=tag:aws:autoscaling:groupName,Values=web Key=tag:Name,Values=db",
                "--target-parameter-name", "InstanceId", "-p", "TargetGroupArn=@target-group:web-tg");
        assertThat(Json.parse(none.out()).at("/AutomationExecution/Outputs/TargetCount/0").asText()).as("no instance carries both").isEqualTo("0");
    }
}

package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** aws:executeStateMachine against moto's Step Functions: the execution followed to its end, or stopped at the timeout. */
class ExecuteStateMachineMotoTest {

    private static final String PASS = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"ok\":1},\"End\":true}}}";

    @TempDir
    Path dir;

    private static String machine(MotoServer moto, String name) {
        return moto.cloud().client(SfnAsyncClient.class).createStateMachine(b -> b.name(name).definition(PASS)
                .roleArn("arn:aws:iam::123456789012:role/sfn")).join().stateMachineArn();
    }

    private CliRun run(MotoServer moto, String doc, String... params) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--cloud", "aws", "--region", MotoServer.REGION,
                "--endpoint-url", moto.endpoint().toString(), "-o", "json", "run", doc, "--store", dir.toString()));
        for (String p : params) {
            args.add("-p");
            args.add(p);
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void theExecutionIsFollowedToItsEndAndItsOutputIsTheStepsOutput() throws Exception {
        // moto runs state machines only when asked to, and only the first execution of a server process
        try (MotoServer moto = MotoServer.start()) {
            HttpResponse<String> config = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(moto.endpoint() + "/moto-api/config"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stepfunctions\": {\"execute_state_machine\": true}}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(config.statusCode()).isBetween(200, 299);
            String arn = machine(moto, "passes");

            CliRun r = run(moto, "../examples/services/RunStateMachine.yaml", "StateMachineArn=" + arn, "Input={\"a\":1}");

            assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
            JsonNode step = Json.parse(r.out()).at("/AutomationExecution/StepExecutions/0");
            assertThat(step.path("StepStatus").asText()).isEqualTo("Success");
            assertThat(text(step.at("/Outputs/status"))).isEqualTo("SUCCEEDED");
            assertThat(text(step.at("/Outputs/Output"))).isEqualTo("{\"ok\": 1}");
            assertThat(text(step.at("/Outputs/name"))).as("named from the call's journal token").startsWith("fleetops-");
        }
    }

    @Test
    void anExecutionThatDoesNotEndIsStoppedWhenTheStepTimesOut() throws Exception {
        MotoServer moto = MotoServer.shared(); // executions stay RUNNING unless moto is told to run them
        String arn = machine(moto, "never-ends");
        Path doc = Files.writeString(dir.resolve("Short.yaml"), """
                schemaVersion: '0.3'
                parameters:
                  StateMachineArn: {type: String}
                mainSteps:
                  - name: Execute
                    action: aws:executeStateMachine
                    timeoutSeconds: 2
                    inputs: {stateMachineArn: '{{ StateMachineArn }}', name: run-1}
                """);

        CliRun r = run(moto, doc.toString(), "StateMachineArn=" + arn);

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode step = Json.parse(r.out()).at("/AutomationExecution/StepExecutions/0");
        assertThat(step.path("StepStatus").asText()).isEqualTo("TimedOut");
        String execution = arn.replace(":stateMachine:", ":execution:") + ":run-1";
        assertThat(moto.cloud().client(SfnAsyncClient.class).describeExecution(b -> b.executionArn(execution)).join().status())
                .as("stopped, not left running: %s", step).isEqualTo(ExecutionStatus.ABORTED);
    }

    private static String text(JsonNode n) {
        return n.isArray() ? n.get(0).asText() : n.asText();
    }
}

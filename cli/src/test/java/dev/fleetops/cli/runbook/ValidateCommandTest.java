package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.lint.ShellLint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "runbooks");

    @Test
    void theShippedExamplesAreValid() {
        CliRun r = CliRun.of("validate", EXAMPLES.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("RebootInstanceGraceful.yaml: valid")
                .contains("RebootInstanceGracefulAtScale.yaml: valid").contains("4 of 4 documents valid");
    }

    @Test
    void anInvalidDocumentExitsTwoNamingLineStepAndField(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("bad.yaml");
        Files.writeString(doc, """
                schemaVersion: "0.3"
                mainSteps:
                  - name: Wait
                    action: aws:sleep
                    inputs:
                      Duration: PT1M
                    nextStep: Nowhere
                """);
        CliRun r = CliRun.of("validate", doc.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("bad.yaml: invalid (1 error)").contains("bad.yaml:7:").contains("Nowhere");

        JsonNode j = Json.parse(CliRun.of("validate", doc.toString(), "-o", "json").out());
        assertThat(j.at("/0/Status").asText()).isEqualTo("invalid");
        assertThat(j.at("/0/Errors/0/Step").asText()).isEqualTo("Wait");
    }

    @Test
    void aDocumentTheSimulatorCannotRunSaysWhy(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("lambda.yaml");
        Files.writeString(doc, """
                schemaVersion: "0.3"
                mainSteps:
                  - name: Fn
                    action: aws:invokeLambdaFunction
                    inputs:
                      FunctionName: fn
                """);
        CliRun r = CliRun.of("validate", doc.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("valid, but not runnable on the simulator").contains("aws:invokeLambdaFunction");
    }

    @Test
    void seed004sRebootScriptIsReportedByShellcheckAsAWarningAtItsLine() throws Exception {
        String doc = EXAMPLES.resolve("RebootWithHealthcheck.yaml").toString();
        CliRun r = CliRun.of("validate", doc);
        assertThat(r.exitCode()).as("findings are warnings: SSM runs the script as written").isZero();
        if (ShellLint.onPath().isEmpty()) {
            assertThat(System.getenv("FLEETOPS_REQUIRE_SHELLCHECK")).as("CI installs shellcheck").isNull();
            assertThat(r.err()).contains("shellcheck is not installed");
            return;
        }
        assertThat(r.out()).contains("RebootWithHealthcheck.yaml: valid")
                .contains("warning: " + doc + ":16:11: step InvokeReboot: script: shellcheck SC1035");

        JsonNode j = Json.parse(CliRun.of("validate", doc, "-o", "json").out());
        assertThat(j.at("/0/ScriptFindings/0/Location").asText()).isEqualTo(doc + ":16:11");
        assertThat(j.at("/0/ScriptFindings/0/Message").asText()).contains("SC1035");

        CliRun off = CliRun.of("validate", "--no-lint", doc, "-o", "json");
        assertThat(Json.parse(off.out()).at("/0").has("ScriptFindings")).as("not linted").isFalse();
    }
}

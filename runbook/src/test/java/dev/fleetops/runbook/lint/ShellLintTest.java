package dev.fleetops.runbook.lint;

import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.DocumentError;
import dev.fleetops.runbook.document.DocumentValidator;
import dev.fleetops.runbook.document.RunTarget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inline shell scripts are linted with ShellCheck at the document's own lines. Skipped with a message when
 * shellcheck is not installed; with {@code FLEETOPS_REQUIRE_SHELLCHECK=1} (CI, .ci/run) it fails instead.
 */
class ShellLintTest {

    static final String REQUIRE_ENV = "FLEETOPS_REQUIRE_SHELLCHECK";

    private static ShellLint shellcheck;

    @BeforeAll
    static void shellcheckIsInstalled() {
        shellcheck = ShellLint.onPath().orElse(null);
        if (shellcheck != null) return;
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            throw new IllegalStateException("shellcheck is not on PATH (" + REQUIRE_ENV + "=1 requires it; apt-get install shellcheck)");
        }
        Assumptions.assumeTrue(false, "shellcheck is not installed: " + ShellLint.MISSING);
    }

    private static Document document(String name, String text) {
        return new DocumentValidator(ApiCatalog.standard(), RunTarget.SIMULATOR).validate(name, text).document();
    }

    @Test
    void seed004sRebootScriptIsFlaggedAtTheLineOfItsMissingSpace() throws Exception {
        Path file = Path.of("../examples/runbooks/RebootWithHealthcheck.yaml");
        String text = Files.readString(file);
        List<DocumentError> findings = shellcheck.findings(document(file.toString(), text), text);

        int ifLine = List.of(text.split("\n")).indexOf("          if [! -f $flag_location]; then") + 1;
        assertThat(ifLine).isPositive();
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.step()).isEqualTo("InvokeReboot");
            assertThat(f.location().line()).isEqualTo(ifLine);
            assertThat(f.location().column()).as("the script's indentation").isEqualTo(11);
            assertThat(f.message()).contains("SC1035");
        });
        assertThat(findings).as("the health check script is fine").noneMatch(f -> f.step().equals("ExecuteHealthcheck"));
    }

    @Test
    void aCommandDocumentsListOfLinesIsOneScriptAndEachFindingNamesItsItemsLine() {
        String text = """
                {
                  "schemaVersion": "2.2",
                  "description": "x",
                  "mainSteps": [{
                    "action": "aws:runShellScript",
                    "name": "run",
                    "inputs": {"runCommand": [
                      "cd /tmp",
                      "rm -rf $DIR/*",
                      "echo {{ unquoted }}"
                    ]}
                  }]
                }
                """;
        List<DocumentError> findings = shellcheck.findings(document("cmd.json", text), text);

        // cd without || exit (SC2164) on the first item; rm -rf $DIR/* may expand to /* (SC2115) on the second
        assertThat(findings).extracting(f -> f.location().line() + " " + f.message().substring(0, 17))
                .containsExactly("8 shellcheck SC2164", "9 shellcheck SC2115");
    }

    @Test
    void aScriptThatIsOnlyAParameterIsNotLintedAndACleanScriptHasNoFindings() {
        String text = """
                schemaVersion: '0.3'
                parameters:
                  commands: {type: StringList}
                mainSteps:
                  - name: given
                    action: aws:runCommand
                    inputs:
                      DocumentName: AWS-RunShellScript
                      InstanceIds: [i-1]
                      Parameters: {commands: '{{ commands }}'}
                  - name: clean
                    action: aws:runCommand
                    inputs:
                      DocumentName: AWS-RunShellScript
                      InstanceIds: [i-1]
                      Parameters:
                        commands:
                          - 'if [ -f /tmp/flag ]; then echo "done"; fi'
                """;
        Document d = document("doc.yaml", text);
        assertThat(ShellScripts.of(d, text)).extracting(ShellScripts.Script::step).containsExactly("clean");
        assertThat(shellcheck.findings(d, text)).isEmpty();
    }
}

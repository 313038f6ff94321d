package dev.fleetops.lambda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cfn-lint} (AWS CloudFormation Linter, which runs the SAM transform first) accepts template.yaml. Skipped
 * with a message when cfn-lint is not installed; with {@code FLEETOPS_REQUIRE_CFN_LINT=1} (CI, .ci/run) it fails.
 */
class CfnLintTest {

    static final String REQUIRE_ENV = "FLEETOPS_REQUIRE_CFN_LINT";

    record Run(int exit, String output) { }

    @BeforeAll
    static void cfnLintIsInstalled() throws InterruptedException {
        String missing;
        try {
            Run r = run("--version");
            missing = r.exit() == 0 ? null : "cfn-lint --version exited " + r.exit() + ": " + r.output();
        } catch (IOException e) {
            missing = "cfn-lint not found (" + e.getMessage() + ")";
        }
        if (missing == null) return;
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            throw new IllegalStateException("cfn-lint not installed: " + missing + " (" + REQUIRE_ENV
                    + "=1 requires it; install with: pip install cfn-lint)");
        }
        Assumptions.assumeTrue(false, "cfn-lint not installed: " + missing);
    }

    @Test
    void theTemplatePassesCfnLint() throws Exception {
        Run r = run("template.yaml");

        assertThat(r.output()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void cfnLintCatchesWhatTheTemplateOnceGotWrong(@TempDir Path dir) throws Exception {
        // Policies are not a Globals property of AWS::Serverless::Function: the SAM transform refuses it (E0001).
        String template = Files.readString(Path.of("template.yaml")).replace("""
                    Runtime: java21
                """, """
                    Runtime: java21
                    Policies: [AWSLambdaBasicExecutionRole]
                """);
        Path broken = dir.resolve("template.yaml");
        Files.writeString(broken, template);

        Run r = run(broken.toString());

        assertThat(r.exit()).isNotZero();
        assertThat(r.output()).contains("E0001", "'Policies' is not a supported property");
    }

    private static Run run(String arg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("cfn-lint", arg).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Run(p.waitFor(), out);
    }
}

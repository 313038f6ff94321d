package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** fleetops iam: seed 004 wrote its role's policy by hand; this prints it from the documents. */
class IamCommandTest {

    private static final String GRACEFUL = "../examples/runbooks/RebootInstanceGraceful.yaml";

    @Test
    void theGracefulDocumentWithItsChild() throws Exception {
        CliRun r = CliRun.of("-o", "json", "iam", GRACEFUL);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.parse(r.out());
        assertThat(j.path("Documents").toString()).isEqualTo("[\"RebootInstanceGraceful\",\"RebootWithHealthcheck\"]");
        assertThat(j.path("ChildrenNotFound")).isEmpty();
        assertThat(j.path("Notes")).isEmpty();
        List<String> actions = new ArrayList<>();
        for (JsonNode s : j.at("/PolicyDocument/Statement")) {
            assertThat(s.path("Effect").asText()).isEqualTo("Allow");
            assertThat(s.path("Resource").asText()).isEqualTo("*");
            s.path("Action").forEach(a -> actions.add(a.asText()));
        }
        // seed 004's hand-written statements, and the calls the child's aws:runCommand makes
        assertThat(actions).contains("elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DeregisterTargets",
                "elasticloadbalancing:RegisterTargets", "ssm:SendCommand", "ssm:ListCommandInvocations",
                "ssm:DescribeInstanceInformation", "ssm:StartAutomationExecution").doesNotHaveDuplicates();
        assertThat(j.at("/PolicyDocument/Version").asText()).isEqualTo("2012-10-17");
    }

    @Test
    void textOutputIsThePolicyWithCommentsAboveIt() {
        CliRun r = CliRun.of("iam", "RebootInstanceGraceful", "--docs", "../examples/runbooks");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# least-privilege policy for RebootInstanceGraceful, RebootWithHealthcheck")
                .contains("\"Sid\" : \"RunbookWrite\"").contains("\"ssm:SendCommand\"");
    }

    @Test
    void aChildThatIsNotThereIsNamedAndLeftOut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path doc = java.nio.file.Files.copy(java.nio.file.Path.of(GRACEFUL), dir.resolve("RebootInstanceGraceful.yaml"));
        CliRun r = CliRun.of("iam", doc.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("# child RebootWithHealthcheck not found in " + dir)
                .contains("the child document's own calls are included only when it is given too")
                .doesNotContain("ssm:SendCommand");
    }

    @Test
    void aMissingDocumentExitsTwo() {
        CliRun r = CliRun.of("iam", "NoSuchDocument", "--docs", "../examples/runbooks");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("NoSuchDocument: no such file and no document of that name in ../examples/runbooks");
    }
}

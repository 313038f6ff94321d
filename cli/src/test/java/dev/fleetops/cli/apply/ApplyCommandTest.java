package dev.fleetops.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `fleetops apply` as a user runs it: the shipped example fleet on the simulator, noop, watch, and mistakes. */
class ApplyCommandTest {

    static final String WEB_FLEET = Path.of("..", "examples", "fleets", "web-fleet.yaml").toString();

    @Test
    void theExampleFleetConvergesAndPrintsWhatChanged() {
        CliRun r = CliRun.of("apply", WEB_FLEET);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("changed web-1 (ec2:instance): create: t3.micro from ami-0abcdef1234567890 -> i-",
                "changed web-3 (ec2:instance): create: t3.micro from ami-0abcdef1234567890, spot -> i-",
                "changed web-1-in-tg (elbv2:target): register i-", "apply web: converged after 00:01:00");
        assertThat(r.out()).containsPattern("spare +ec2:instance +converged");
    }

    @Test
    void jsonGivesEachResourceItsStatusChangesAndTheExecutionRecord() throws Exception {
        CliRun r = CliRun.of("apply", WEB_FLEET, "-o", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.parse(r.out());
        assertThat(j.path("converged").asBoolean()).isTrue();
        List<String> statuses = new ArrayList<>();
        j.path("resources").forEach(n -> statuses.add(n.path("name").asText() + "=" + n.path("status").asText()));
        assertThat(statuses).containsExactly("web-1=changed", "web-2=changed", "web-3=changed", "spare=converged",
                "web-1-in-tg=changed", "web-2-in-tg=changed", "web-3-in-tg=changed");
        assertThat(j.path("resources").get(0).path("changes").get(0).asText()).startsWith("create: t3.micro");
        JsonNode exec = j.path("execution");
        assertThat(exec.path("Kind").asText()).isEqualTo("apply");
        assertThat(exec.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(exec.path("StepExecutions")).hasSize(7);
        assertThat(exec.path("StepExecutions").get(4).path("Action").asText()).isEqualTo("elbv2:target");
    }

    @Test
    void noopShowsThePlanAndChangesNothing() throws Exception {
        CliRun r = CliRun.of("apply", WEB_FLEET, "--noop", "-o", "json");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.CHANGES_PENDING);
        JsonNode j = Json.parse(r.out());
        assertThat(j.path("noop").asBoolean()).isTrue();
        assertThat(j.path("changesPending").asBoolean()).isTrue();
        assertThat(j.path("resources").get(0).path("status").asText()).isEqualTo("would-change");
        assertThat(j.path("resources").get(4).path("changes").get(0).asText())
                .isEqualTo("register web-1 (once launched) in web-tg");
        CliRun text = CliRun.of("apply", WEB_FLEET, "--noop");
        assertThat(text.exitCode()).isEqualTo(4);
        assertThat(text.out()).contains("plan    web-2 (ec2:instance): create: t3.micro from ami-0abcdef1234567890",
                "plan for web: changes pending (noop: nothing was changed)", "~ create: t3.micro");
    }

    @Test
    void noopOfAFleetThatIsRightExitsZero(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("gone.yaml");
        Files.writeString(f, "fleet: gone\nresources:\n  - kind: ec2:instance\n    name: old\n    state: terminated\n"
                + "    image: ami-0abcdef1234567890\n");
        CliRun r = CliRun.of("apply", f.toString(), "--noop");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("plan for gone: no changes (noop: nothing was changed)");
    }

    static final String SMOKE_TEST = """
            fleet: smoke
            resources:
              - kind: ec2:instance
                name: web-1
                image: ami-0abcdef1234567890
              - kind: elbv2:target
                name: web-1-in-tg
                instance: web-1
                targetGroup: web-tg
                port: 8080
              - kind: runbook
                name: smoke-test
                document: WaitTargetGroupHealthy
                parameters: {TargetGroupName: %s}
                requires: [web-1-in-tg]
            """;

    @Test
    void theDocsRunbookResourceRunsAfterWhatItRequiresChanged(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("smoke.yaml");
        Files.writeString(f, SMOKE_TEST.formatted("web-tg"));
        CliRun r = CliRun.of("apply", f.toString(), "--docs", Path.of("..", "examples", "runbooks").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("changed smoke-test \\(runbook\\): run WaitTargetGroupHealthy "
                + "\\{TargetGroupName=\\[web-tg]}: [0-9a-f-]+ Success").contains("apply smoke: converged after");
    }

    @Test
    void aRunbookResourceWhoseExecutionFailedIsFailedAndApplyExitsOne(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("smoke.yaml");
        Files.writeString(f, SMOKE_TEST.formatted("no-such-tg"));
        CliRun r = CliRun.of("apply", f.toString(), "--docs", Path.of("..", "examples", "runbooks").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).contains("settled: every resource idle for 30 s, failed: smoke-test", "apply smoke: FAILED: smoke-test")
                .containsPattern("smoke-test +runbook +failed").doesNotContain("converged");
        JsonNode j = Json.parse(CliRun.of("apply", f.toString(), "--docs", Path.of("..", "examples", "runbooks").toString(),
                "-o", "json").out());
        assertThat(j.path("converged").asBoolean()).isFalse();
        assertThat(j.path("execution").path("AutomationExecutionStatus").asText()).isEqualTo("Failed");
    }

    @Test
    void watchPrintsADriftAndItsRepair() {
        CliRun r = CliRun.of("apply", WEB_FLEET, "--watch", "--for", "20m", "--sim-stop", "web-2@10m");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("\\[00:10:00\\] drift   web-2 \\(ec2:instance\\): EC2 state-change: i-\\w+ -> stopping")
                .containsPattern("\\[00:10:50\\] changed web-2 \\(ec2:instance\\): state: stopped -> running \\(i-\\w+\\)")
                .contains("[00:11:20] converged: every resource idle for 30 s");
    }

    @Test
    void aBadFleetFileExitsTwoWithItsLocation(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "resources:\n  - kind: ec2:instance\n    name: a\n    image: ami-0abcdef1234567890\n    state: up\n");
        CliRun r = CliRun.of("apply", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetops: " + f + ":5:12: resources[0].state: expected one of running, stopped, "
                + "terminated, got \"up\"\n");
    }

    @Test
    void usageMistakesExitTwo(@TempDir Path dir) throws Exception {
        assertThat(CliRun.of("apply", WEB_FLEET, "--for", "5m").err()).isEqualTo("fleetops: --for applies to --watch only\n");
        assertThat(CliRun.of("apply", WEB_FLEET, "--watch").err())
                .isEqualTo("fleetops: --watch on the simulator needs --for DURATION (virtual time must end)\n");
    }

    @Test
    void helpHasExamples() {
        CliRun r = CliRun.of("apply", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("fleetops apply examples/fleets/web-fleet.yaml --noop", "--converged-timeout");
    }
}

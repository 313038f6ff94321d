package dev.fleetops.windows.onsim;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateControlRequest;
import dev.fleetops.runbook.rate.TargetResolver;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.windows.MaintenanceWindow;
import dev.fleetops.windows.WindowExecution;
import dev.fleetops.windows.WindowReader;
import dev.fleetops.windows.WindowRunner;
import dev.fleetops.windows.WindowStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with the real runbook engine on the built-in web scenario: seed 004's maintenance window (the
 * graceful reboot per instance of the web group, MaxConcurrency 1, MaxErrors 0), and the same as a
 * rate-controlled run.
 */
class WindowWithTheRunbookEngineTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path docs;

    SimRegion region;
    RunbookEngine engine;

    void web() throws Exception {
        // aws:executeAutomation asks for RebootWithHealthcheck by name: the library looks for NAME.yaml in --docs
        Files.copy(EXAMPLES.resolve("runbooks/RebootWithHealthcheck.yaml"), docs.resolve("RebootWithHealthcheck.yaml"));
        Files.copy(EXAMPLES.resolve("runbooks/RebootInstanceGraceful.yaml"), docs.resolve("RebootInstanceGraceful.yaml"));
        region = Scenarios.start(Scenarios.load("web", Map.of()), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        engine = RunbookEngine.builder(region.cloud()).docs(docs).ssmDocuments(false).build();
    }

    /** The first failed step of the first failed child, for assertion messages. */
    static String why(ExecutionRecord parent) {
        for (StepRecord s : parent.steps()) {
            for (ExecutionRecord c : s.children()) {
                for (StepRecord cs : c.steps()) {
                    if (cs.status() != Status.Success) return s.stepName() + ": " + cs.stepName() + ": " + cs.failureMessage().orElse("");
                }
            }
        }
        for (StepRecord s : parent.steps()) {
            if (s.status() != Status.Success) return s.stepName() + ": " + s.failureMessage().orElse("");
        }
        return parent.failureMessage().orElse("");
    }

    /** The three children ran one after the other and each ended Success. */
    static void oneAtATimeAllSucceeded(ExecutionRecord parent) {
        assertThat(parent.steps()).hasSize(3);
        assertThat(parent.steps()).extracting(StepRecord::status).containsOnly(Status.Success);
        for (int i = 1; i < 3; i++) {
            Instant previousEnd = parent.steps().get(i - 1).end().orElseThrow();
            assertThat(parent.steps().get(i).start().orElseThrow()).isAfterOrEqualTo(previousEnd);
        }
        for (StepRecord s : parent.steps()) {
            ExecutionRecord child = s.children().get(0);
            assertThat(child.status()).as(child.failureMessage().orElse("")).isEqualTo(Status.Success);
            assertThat(child.parameters().get("InstanceId")).containsExactly(s.stepName());
            assertThat(child.steps()).extracting(StepRecord::stepName).contains("DeregisterInstanceFromTargetGroup",
                    "RebootWithHealthcheck", "RegisterTarget");
        }
    }

    @Test
    void seed004sWindowRebootsTheWebGroupGracefullyOneInstanceAtATime() throws Exception {
        web();
        String text = Files.readString(EXAMPLES.resolve("windows/patch-web.yaml"));
        MaintenanceWindow w = WindowReader.parse(EXAMPLES.resolve("windows/patch-web.yaml").toString(), text,
                EXAMPLES.resolve("windows").toAbsolutePath());
        WindowRunner runner = WindowRunner.on(region.cloud(), engine, region.context().ids()::uuid);
        WindowExecution e = region.scheduler().await(runner.run(w, region.scheduler().now()), Duration.ofHours(3));
        assertThat(e.status()).as(String.valueOf(e.statusDetails())).isEqualTo(WindowStatus.SUCCESS);
        assertThat(e.targets()).hasSize(3);
        WindowExecution.Task t = e.tasks().get(0);
        assertThat(t.status()).isEqualTo(WindowStatus.SUCCESS);
        oneAtATimeAllSucceeded(t.execution().orElseThrow());
        assertThat(t.execution().get().steps()).extracting(StepRecord::stepName).containsExactlyElementsOf(e.targets());
    }

    @Test
    void aRateControlledRunOfTheGracefulDocumentOverTheWebTag() throws Exception {
        web();
        String tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/58feead327c6036f";
        RateControlRequest request = RateControlRequest.of("RebootInstanceGraceful", Set.of("InstanceId", "TargetGroupArn"),
                Map.of("TargetGroupArn", List.of(tg)), "tag:aws:autoscaling:groupName=web", "InstanceId", "1", "0");
        RateControl control = new RateControl(region.scheduler(), engine, region.context().ids()::uuid);
        ExecutionRecord parent = region.scheduler().await(
                control.run(request, new TargetResolver(region.cloud().ec2())), Duration.ofHours(3));
        assertThat(parent.status()).as(why(parent)).isEqualTo(Status.Success);
        oneAtATimeAllSucceeded(parent);
        assertThat(parent.outputs().get("TargetParameterName").asText()).isEqualTo("InstanceId");
        assertThat(parent.outputs().get("NotStartedTargets")).isEmpty();
    }
}

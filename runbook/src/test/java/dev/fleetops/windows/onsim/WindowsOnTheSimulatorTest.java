package dev.fleetops.windows.onsim;

import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.rate.TargetResolver;
import dev.fleetops.runbook.rate.Targets;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Windows against the simulated region: tag targets through EC2, RUN_COMMAND tasks through SSM. */
class WindowsOnTheSimulatorTest {

    @TempDir
    Path dir;

    /** The built-in web scenario whose agent also knows a three-hour job. */
    SimRegion web() throws Exception {
        String text = Scenarios.builtinText("web").replace("agent:\n  commands:\n",
                "agent:\n  commands:\n    - match: long-job\n      runs:\n        - exitCode: 0\n          duration: 3h\n");
        Path scenario = dir.resolve("web.yaml");
        Files.writeString(scenario, text);
        SimRegion region = Scenarios.start(Scenarios.load(scenario.toString(), Map.of()), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Duration.ofHours(1));
        return region;
    }

    static MaintenanceWindow window(String yaml) {
        return WindowReader.parse("w.yaml", yaml, Path.of("."));
    }

    WindowRunner runner(SimRegion region) {
        return WindowRunner.on(region.cloud(), (d, p) -> CompletableFuture.failedFuture(new IllegalStateException("no engine")),
                region.context().ids()::uuid);
    }

    @Test
    void tagTargetsAreTheRunningInstancesCarryingTheTag() throws Exception {
        SimRegion region = web();
        TargetResolver resolver = new TargetResolver(region.cloud().ec2());
        List<String> web = region.scheduler().await(resolver.resolve(new Targets.Tag("aws:autoscaling:groupName",
                List.of("web"))), Duration.ofMinutes(1));
        assertThat(web).hasSize(3).allMatch(id -> id.matches("i-[0-9a-f]{17}"));
        region.scheduler().await(region.cloud().ec2().stopInstances(b -> b.instanceIds(web.get(1))), Duration.ofMinutes(1));
        region.scheduler().runFor(Duration.ofMinutes(2));
        List<String> running = region.scheduler().await(resolver.resolve(new Targets.Tag("aws:autoscaling:groupName",
                List.of("web", "api"))), Duration.ofMinutes(1));
        // the stopped one is out (the group may already have launched its replacement, which is in)
        assertThat(running).doesNotContain(web.get(1)).contains(web.get(0), web.get(2));
        assertThat(region.scheduler().await(resolver.resolve(new Targets.Tag("Role", List.of("db"))), Duration.ofMinutes(1)))
                .isEmpty();
    }

    @Test
    void aRunCommandTaskSendsOneRateControlledCommandAndFollowsItToItsEnd() throws Exception {
        SimRegion region = web();
        MaintenanceWindow w = window("""
                Name: healthcheck
                Schedule: rate(1 day)
                Duration: 2
                Cutoff: 1
                Targets:
                  - Key: tag:aws:autoscaling:groupName
                    Values: [web]
                Tasks:
                  - Name: curl
                    TaskType: RUN_COMMAND
                    TaskArn: AWS-RunShellScript
                    MaxConcurrency: "1"
                    MaxErrors: "0"
                    Parameters:
                      commands: ["sleep 60", "curl http://localhost:8080/ # {{WINDOW_EXECUTION_ID}}"]
                """);
        WindowExecution e = region.scheduler().await(runner(region).run(w, region.scheduler().now()), Duration.ofHours(3));
        assertThat(e.status()).isEqualTo(WindowStatus.SUCCESS);
        WindowExecution.Task t = e.tasks().get(0);
        assertThat(t.status()).isEqualTo(WindowStatus.SUCCESS);
        var command = t.execution().orElseThrow();
        assertThat(command.kind()).isEqualTo("command");
        assertThat(command.documentName()).isEqualTo("AWS-RunShellScript");
        assertThat(command.parameters().get("commands")).containsExactly("sleep 60",
                "curl http://localhost:8080/ # " + e.windowExecutionId());
        assertThat(command.steps()).extracting(StepRecord::stepName).containsExactlyElementsOf(e.targets());
        assertThat(command.steps()).extracting(StepRecord::status).containsOnly(Status.Success);
        // one at a time, 60 s each (plus delivery and polling)
        assertThat(Duration.between(e.startTime(), e.endTime().orElseThrow())).isBetween(Duration.ofMinutes(3),
                Duration.ofMinutes(4));
    }

    @Test
    void cancelTaskSendsCancelCommandAtTheCutoffAndTheTaskTimesOut() throws Exception {
        SimRegion region = web();
        MaintenanceWindow w = window("""
                Name: long
                Schedule: rate(1 day)
                Duration: 2
                Cutoff: 1
                Targets:
                  - Key: tag:aws:autoscaling:groupName
                    Values: [web]
                Tasks:
                  - Name: long
                    TaskType: RUN_COMMAND
                    TaskArn: AWS-RunShellScript
                    MaxConcurrency: "1"
                    MaxErrors: "0"
                    CutoffBehavior: CANCEL_TASK
                    TimeoutSeconds: 7200
                    Parameters:
                      commands: [long-job]
                """);
        WindowExecution e = region.scheduler().await(runner(region).run(w, region.scheduler().now()), Duration.ofHours(5));
        WindowExecution.Task t = e.tasks().get(0);
        assertThat(t.status()).isEqualTo(WindowStatus.TIMED_OUT);
        assertThat(t.statusDetails().orElseThrow()).startsWith("cutoff reached: CancelCommand sent");
        assertThat(t.execution().orElseThrow().steps()).extracting(StepRecord::status).containsOnly(Status.Cancelled);
        assertThat(e.status()).isEqualTo(WindowStatus.TIMED_OUT);
        // the cutoff is one hour in; the task ends right after CancelCommand, long before the 3 h job would
        assertThat(Duration.between(e.startTime(), t.endTime().orElseThrow())).isBetween(Duration.ofHours(1),
                Duration.ofMinutes(61));
    }
}

package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.Timeline;
import dev.fleetops.sim.config.AgentModel;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.CommandStatus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.fleetops.sim.ssm.SsmFixture.model;
import static dev.fleetops.sim.ssm.SsmFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Seed 004's two scripts, as the agent model describes them, sent with AWS-RunShellScript. */
class AgentScriptsTest {

    static final String[] REBOOT_SCRIPT = {
            "flag_location=/home/ec2-user/REBOOT_STARTED",
            "if [! -f $flag_location]; then",
            "echo \"Creating flag file at $flag_location\"",
            "touch $flag_location",
            "echo \"Reboot initiated\"",
            "exit 194",
            "fi",
            "echo \"Reboot finished, removing flag file at $flag_location\"",
            "rm $flag_location"};

    static final String[] HEALTH_CHECK = {"sleep 60", "if ! curl http://localhost:8080/; then", "exit 1", "fi"};

    static AgentModel.CommandModel rebootModel() {
        return model("REBOOT_STARTED", run(194, 2, "Reboot initiated\n"),
                run(0, 1, "Reboot finished, removing flag file at /home/ec2-user/REBOOT_STARTED\n"));
    }

    static AgentModel.CommandModel healthModel() {
        return model("curl http://localhost:8080",
                new AgentModel.Run(0, Duration.ofSeconds(60), "Hello, World!\n", Optional.of(1)));
    }

    @Test
    void rebootScriptExits194ThenRerunsTheSameStepAfterTheRebootAndSucceeds() {
        SsmFixture f = new SsmFixture(rebootModel(), healthModel());
        String id = f.online(1).get(0);
        String cmd = f.shell(List.of(id), REBOOT_SCRIPT);

        f.scheduler.runFor(Duration.ofSeconds(5));
        var during = f.invocation(cmd, id);
        assertThat(during.status()).isEqualTo(CommandInvocationStatus.IN_PROGRESS);
        assertThat(during.statusDetails()).isEqualTo("InProgress");
        assertThat(f.ec2.reboots).hasSize(1).allMatch(r -> r.startsWith(id + "@"));
        assertThat(f.ec2.appResponding(id)).isFalse();
        assertThat(f.command(cmd).status()).isEqualTo(CommandStatus.IN_PROGRESS);

        var done = f.finish(cmd);
        var after = f.invocation(cmd, id);
        assertThat(after.status()).isEqualTo(CommandInvocationStatus.SUCCESS);
        assertThat(after.statusDetails()).isEqualTo("Success");
        assertThat(after.responseCode()).isZero();
        assertThat(after.pluginName()).isEqualTo("aws:runShellScript");
        assertThat(after.standardOutputContent()).startsWith("Reboot finished");
        assertThat(f.ec2.reboots).hasSize(1);
        assertThat(done.status()).isEqualTo(CommandStatus.SUCCESS);
        assertThat(done.statusDetails()).isEqualTo("Success");
        assertThat(done.completedCount()).isEqualTo(1);
        // the rerun starts once the instance is back (reboot 30 s + app start 10 s after the exit at 2.5 s)
        assertThat(Duration.between(java.time.Instant.parse(after.executionStartDateTime()),
                java.time.Instant.parse(after.executionEndDateTime()))).isEqualTo(Duration.ofSeconds(43));
        assertThat(f.ctx.timeline().entries()).map(Timeline.Entry::kind).contains("ssm.command");
        assertThat(f.ctx.timeline().entries()).map(Timeline.Entry::text)
                .anyMatch(t -> t.contains("rebooting for step aws:runShellScript (exit 194)"));
    }

    @Test
    void healthCheckFailsWhileTheAppIsDownAndSucceedsOnceItAnswers() {
        SsmFixture f = new SsmFixture(rebootModel(), healthModel());
        String id = f.online(1).get(0);
        f.ec2.app(id, false);
        String down = f.shell(List.of(id), HEALTH_CHECK);
        f.finish(down);
        var failed = f.invocation(down, id);
        assertThat(failed.status()).isEqualTo(CommandInvocationStatus.FAILED);
        assertThat(failed.statusDetails()).isEqualTo("Failed");
        assertThat(failed.responseCode()).isEqualTo(1);
        assertThat(failed.standardErrorContent()).contains("exit status 1");
        assertThat(f.command(down).status()).isEqualTo(CommandStatus.FAILED);

        f.ec2.app(id, true);
        String up = f.shell(List.of(id), HEALTH_CHECK);
        f.finish(up);
        var ok = f.invocation(up, id);
        assertThat(ok.status()).isEqualTo(CommandInvocationStatus.SUCCESS);
        assertThat(ok.responseCode()).isZero();
        assertThat(ok.standardOutputContent()).isEqualTo("Hello, World!\n");
        assertThat(ok.executionElapsedTime()).isEqualTo("PT1M");
    }

    @Test
    void theHealthCheckJudgesTheAppWhenTheRunEndsNotWhenItStarts() {
        SsmFixture f = new SsmFixture(healthModel());
        String id = f.online(1).get(0);
        f.ec2.app(id, false);
        String cmd = f.shell(List.of(id), HEALTH_CHECK);
        f.scheduler.runFor(Duration.ofSeconds(30));
        f.ec2.app(id, true); // the app comes back during the 60 s sleep
        f.finish(cmd);
        assertThat(f.invocation(cmd, id).status()).isEqualTo(CommandInvocationStatus.SUCCESS);
    }

    @Test
    void aScriptThatNoModelMatchesGetsTheFallback() {
        SsmFixture f = new SsmFixture(healthModel());
        String id = f.online(1).get(0);
        String cmd = f.shell(List.of(id), "uptime");
        f.finish(cmd);
        var inv = f.invocation(cmd, id);
        assertThat(inv.status()).isEqualTo(CommandInvocationStatus.SUCCESS);
        assertThat(inv.executionElapsedTime()).isEqualTo("PT1S");
    }

    @Test
    void executionTimeoutStopsTheScript() {
        SsmFixture f = new SsmFixture(model("long-job", run(0, 600, "working\n")));
        String id = f.online(1).get(0);
        String cmd = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(id)
                .parameters(java.util.Map.of("commands", List.of("long-job"), "executionTimeout", List.of("30")))))
                .command().commandId();
        var c = f.finish(cmd);
        var inv = f.invocation(cmd, id);
        assertThat(inv.status()).isEqualTo(CommandInvocationStatus.TIMED_OUT);
        assertThat(inv.statusDetails()).isEqualTo("ExecutionTimedOut");
        assertThat(inv.responseCode()).isEqualTo(137);
        assertThat(inv.executionElapsedTime()).isEqualTo("PT30S");
        assertThat(c.status()).isEqualTo(CommandStatus.TIMED_OUT);
        assertThat(c.statusDetails()).isEqualTo("ExecutionTimedOut");
        assertThat(c.errorCount()).isEqualTo(1);
    }

    @Test
    void windowsRebootsOn3010AndAShellDocumentIsInvalidPlatformThere() {
        SsmFixture f = new SsmFixture(model("Restart-Needed", run(3010, 1, "restarting"), run(0, 1, "done")));
        String win = f.ec2.launch("Windows", java.util.Map.of());
        f.settle();
        String ps = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunPowerShellScript").instanceIds(win)
                .parameters(java.util.Map.of("commands", List.of("Restart-Needed"))))).command().commandId();
        f.finish(ps);
        var inv = f.invocation(ps, win);
        assertThat(inv.status()).isEqualTo(CommandInvocationStatus.SUCCESS);
        assertThat(inv.pluginName()).isEqualTo("aws:runPowerShellScript");
        assertThat(f.ec2.reboots).hasSize(1);

        String sh = f.shell(List.of(win), "uptime");
        var c = f.finish(sh);
        assertThat(f.invocation(sh, win).statusDetails()).isEqualTo("InvalidPlatform");
        assertThat(c.statusDetails()).isEqualTo("Incomplete");
        assertThat(c.errorCount()).isZero();
    }

    @Test
    void exit194OnWindowsIsAnOrdinaryFailure() {
        SsmFixture f = new SsmFixture(model("reboot-me", run(194, 1, "")));
        String win = f.ec2.launch("Windows", java.util.Map.of());
        f.settle();
        String ps = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunPowerShellScript").instanceIds(win)
                .parameters(java.util.Map.of("commands", List.of("reboot-me"))))).command().commandId();
        f.finish(ps);
        assertThat(f.invocation(ps, win).responseCode()).isEqualTo(194);
        assertThat(f.invocation(ps, win).status()).isEqualTo(CommandInvocationStatus.FAILED);
        assertThat(f.ec2.reboots).isEmpty();
    }

    @Test
    void eachInstanceWalksTheModelsRunsAcrossCommandsTheLastRepeating() {
        SsmFixture f = new SsmFixture(rebootModel());
        List<String> ids = f.online(2);
        String first = f.shell(List.of(ids.get(0)), REBOOT_SCRIPT);
        f.finish(first);
        assertThat(f.ec2.reboots).hasSize(1);
        // the first instance has used both runs; the second has not started its walk
        String again = f.shell(ids, REBOOT_SCRIPT);
        f.finish(again);
        assertThat(f.ec2.reboots).hasSize(2).last().asString().startsWith(ids.get(1) + "@");
        assertThat(f.invocation(again, ids.get(0)).standardOutputContent()).startsWith("Reboot finished");
        assertThat(f.invocation(again, ids.get(1)).status()).isEqualTo(CommandInvocationStatus.SUCCESS);
    }

    @Test
    void aScriptWhoseInstanceStopsUnderItNeverReportsAndTimesOutWithTheCommand() {
        SsmFixture f = new SsmFixture(model("backup", run(0, 120, "done")));
        String id = f.online(1).get(0);
        String cmd = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(id)
                .timeoutSeconds(60).parameters(java.util.Map.of("commands", List.of("backup"),
                        "executionTimeout", List.of("300"))))).command().commandId();
        f.scheduler.runFor(Duration.ofSeconds(30));
        f.ec2.state(id, "stopped");
        f.scheduler.runFor(Duration.ofMinutes(3));
        assertThat(f.invocation(cmd, id).statusDetails()).isEqualTo("InProgress");
        var c = f.finish(cmd); // delivery 60 s + execution 300 s after sending
        assertThat(f.invocation(cmd, id).statusDetails()).isEqualTo("DeliveryTimedOut");
        assertThat(c.deliveryTimedOutCount()).isEqualTo(1);
        assertThat(c.statusDetails()).isEqualTo("DeliveryTimedOut");
        assertThat(f.scheduler.elapsed()).isBetween(Duration.ofSeconds(60 + 360), Duration.ofSeconds(60 + 362));
    }
}

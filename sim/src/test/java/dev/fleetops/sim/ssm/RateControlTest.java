package dev.fleetops.sim.ssm;

import dev.fleetops.sim.config.AgentModel;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.CommandStatus;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.fleetops.sim.ssm.SsmFixture.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * MaxConcurrency / MaxErrors (AWS Systems Manager User Guide: "Run commands at scale"; percentages rounded down) and
 * the command-level verdict: not delivered invocations are no errors, any failed one fails the command.
 */
class RateControlTest {

    /** The health check: 10 s, fails (exit 1) on an instance whose app is down. */
    static AgentModel.CommandModel check() {
        return model("check", new AgentModel.Run(0, Duration.ofSeconds(10), "ok", Optional.of(1)));
    }

    static String send(SsmFixture f, List<String> ids, String concurrency, String errors) {
        return f.await(f.ssm.sendCommand(SendCommandRequest.builder().documentName("AWS-RunShellScript")
                .instanceIds(ids).maxConcurrency(concurrency).maxErrors(errors)
                .parameters(Map.of("commands", List.of("check"))).build())).command().commandId();
    }

    static List<CommandInvocation> invocations(SsmFixture f, String cmd) {
        return f.await(f.ssm.listCommandInvocations(b -> b.commandId(cmd))).commandInvocations();
    }

    @Test
    void maxErrorsZeroStopsSendingAtTheFirstFailureAndTheUnsentEndTerminated() {
        SsmFixture f = new SsmFixture(check());
        List<String> ids = f.online(5);
        f.ec2.app(ids.get(1), false);
        String cmd = send(f, ids, "2", "0");
        var c = f.finish(cmd);

        // i1 alone, then i1+i2 (ramp 1, 2); i3 replaces the finished i1; i2's failure stops the rest.
        assertThat(invocations(f, cmd)).extracting(CommandInvocation::instanceId, CommandInvocation::status,
                        CommandInvocation::statusDetails)
                .containsExactly(
                        tuple(ids.get(0), CommandInvocationStatus.SUCCESS, "Success"),
                        tuple(ids.get(1), CommandInvocationStatus.FAILED, "Failed"),
                        tuple(ids.get(2), CommandInvocationStatus.SUCCESS, "Success"),
                        tuple(ids.get(3), CommandInvocationStatus.CANCELLED, "Terminated"),
                        tuple(ids.get(4), CommandInvocationStatus.CANCELLED, "Terminated"));
        assertThat(c.status()).isEqualTo(CommandStatus.FAILED);
        assertThat(c.statusDetails()).isEqualTo("Failed");
        assertThat(c.targetCount()).isEqualTo(5);
        assertThat(c.completedCount()).isEqualTo(5);
        assertThat(c.errorCount()).isEqualTo(1);
        assertThat(c.maxConcurrency()).isEqualTo("2");
        assertThat(c.maxErrors()).isEqualTo("0");
        assertThat(f.invocation(cmd, ids.get(3)).responseCode()).isEqualTo(-1);
    }

    @Test
    void inFlightInvocationsFinishAfterTheStopAndMayFailToo() {
        SsmFixture f = new SsmFixture(check());
        List<String> ids = f.online(5);
        ids.forEach(id -> f.ec2.app(id, false));
        String cmd = send(f, ids, "2", "0");
        var c = f.finish(cmd);
        assertThat(invocations(f, cmd)).extracting(CommandInvocation::statusDetails)
                .containsExactly("Failed", "Failed", "Terminated", "Terminated", "Terminated");
        assertThat(c.errorCount()).isEqualTo(2);
        assertThat(c.status()).isEqualTo(CommandStatus.FAILED);
    }

    @Test
    void concurrencyRampsOneTwoFourUpToTheMaximum() {
        SsmFixture f = new SsmFixture(check());
        List<String> ids = f.online(8);
        String cmd = send(f, ids, "4", "0");
        f.scheduler.runFor(Duration.ofSeconds(3));
        // t=0 send 1; acknowledged at 0.5 s -> 2 in flight; at 1 s -> 4 (the maximum)
        assertThat(invocations(f, cmd)).extracting(CommandInvocation::statusDetails)
                .containsExactly("InProgress", "InProgress", "InProgress", "InProgress",
                        "Pending", "Pending", "Pending", "Pending");
        var c = f.finish(cmd);
        assertThat(c.statusDetails()).isEqualTo("Success");
        assertThat(c.completedCount()).isEqualTo(8);
    }

    @Test
    void percentagesRoundDownWithAMinimumConcurrencyOfOne() {
        assertThat(SimCommand.amount("10%", 5)).isZero();
        assertThat(SimCommand.amount("40%", 10)).isEqualTo(4);
        assertThat(SimCommand.amount("100%", 3)).isEqualTo(3);
        assertThat(SimCommand.amount("7", 3)).isEqualTo(7);

        SsmFixture f = new SsmFixture(check());
        List<String> ids = f.online(4);
        f.ec2.app(ids.get(0), false);
        String cmd = send(f, ids, "10%", "25%"); // concurrency max(1, 0) = 1; one error allowed
        var c = f.finish(cmd);
        assertThat(invocations(f, cmd)).extracting(CommandInvocation::statusDetails)
                .containsExactly("Failed", "Success", "Success", "Success");
        // a failure fails the command even within MaxErrors
        assertThat(c.status()).isEqualTo(CommandStatus.FAILED);
        assertThat(c.errorCount()).isEqualTo(1);
    }

    @Test
    void undeliveredInvocationsDoNotCountAsErrorsAndMakeTheCommandIncomplete() {
        SsmFixture f = new SsmFixture(check());
        List<String> ids = f.online(2);
        f.ec2.state(ids.get(1), "terminated");
        String cmd = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript")
                .targets(Target.builder().key("InstanceIds").values(ids.get(0), ids.get(1), "i-0123456789abcdef0")
                        .build())
                .parameters(Map.of("commands", List.of("check"))))).command().commandId();
        var c = f.finish(cmd);
        assertThat(invocations(f, cmd)).extracting(CommandInvocation::statusDetails)
                .containsExactly("Success", "Undeliverable", "Undeliverable");
        assertThat(c.statusDetails()).isEqualTo("Incomplete");
        assertThat(c.status()).isEqualTo(CommandStatus.FAILED);
        assertThat(c.errorCount()).isZero();
        assertThat(c.completedCount()).isEqualTo(3);
    }

    @Test
    void targetsByTagSelectTheMatchingManagedInstances() {
        SsmFixture f = new SsmFixture(check());
        String web1 = f.ec2.launch("Linux/UNIX", Map.of("Role", "web"));
        String db = f.ec2.launch("Linux/UNIX", Map.of("Role", "db"));
        String web2 = f.ec2.launch("Linux/UNIX", Map.of("Role", "web", "Env", "prod"));
        f.settle();
        String cmd = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript")
                .targets(Target.builder().key("tag:Role").values("web").build())
                .parameters(Map.of("commands", List.of("check"))))).command().commandId();
        var c = f.finish(cmd);
        assertThat(invocations(f, cmd)).extracting(CommandInvocation::instanceId).containsExactly(web1, web2);
        assertThat(c.targetCount()).isEqualTo(2);
        assertThat(c.targets()).singleElement().satisfies(t -> assertThat(t.key()).isEqualTo("tag:Role"));
        assertThat(f.await(f.ssm.listCommands(b -> b.instanceId(db))).commands()).isEmpty();

        String byKey = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript")
                .targets(Target.builder().key("tag-key").values("Env").build())
                .parameters(Map.of("commands", List.of("check"))))).command().commandId();
        f.finish(byKey);
        assertThat(invocations(f, byKey)).extracting(CommandInvocation::instanceId).containsExactly(web2);

        String none = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript")
                .targets(Target.builder().key("tag:Role").values("cache").build())
                .parameters(Map.of("commands", List.of("check"))))).command().commandId();
        f.scheduler.runFor(Duration.ofSeconds(1));
        assertThat(f.command(none).statusDetails()).isEqualTo("NoInstancesInTag");
    }

    @Test
    void aStoppedInstanceWaitsForItsAgentUntilTheDeliveryTimeout() {
        SsmFixture f = new SsmFixture(check());
        List<String> ids = f.online(2);
        f.ec2.state(ids.get(0), "stopped");
        f.ec2.state(ids.get(1), "stopped");
        String cmd = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(ids)
                .timeoutSeconds(600).parameters(Map.of("commands", List.of("check"))))).command().commandId();
        f.scheduler.runFor(Duration.ofMinutes(2));
        assertThat(f.invocation(cmd, ids.get(0)).statusDetails()).isEqualTo("Pending");
        f.ec2.state(ids.get(1), "running"); // its agent registers again 5 s later and takes the command
        f.ec2.app(ids.get(1), true);
        var c = f.finish(cmd);
        assertThat(invocations(f, cmd)).extracting(CommandInvocation::status, CommandInvocation::statusDetails)
                .containsExactly(tuple(CommandInvocationStatus.TIMED_OUT, "DeliveryTimedOut"),
                        tuple(CommandInvocationStatus.SUCCESS, "Success"));
        assertThat(c.deliveryTimedOutCount()).isEqualTo(1);
        assertThat(c.statusDetails()).isEqualTo("Incomplete");
        assertThat(f.scheduler.elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(11));
    }

    @Test
    void cancelCommandCancelsWhatHasNotEnded() {
        SsmFixture f = new SsmFixture(model("long", SsmFixture.run(0, 300, "")));
        List<String> ids = f.online(3);
        String cmd = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(ids)
                .maxConcurrency("1").parameters(Map.of("commands", List.of("long"))))).command().commandId();
        f.scheduler.runFor(Duration.ofSeconds(10));
        f.await(f.ssm.cancelCommand(b -> b.commandId(cmd)));
        var c = f.command(cmd);
        assertThat(c.status()).isEqualTo(CommandStatus.CANCELLED);
        assertThat(c.statusDetails()).isEqualTo("Canceled");
        assertThat(invocations(f, cmd)).extracting(CommandInvocation::status)
                .containsOnly(CommandInvocationStatus.CANCELLED);
        f.scheduler.runFor(Duration.ofMinutes(10));
        assertThat(f.command(cmd).status()).isEqualTo(CommandStatus.CANCELLED);
    }
}

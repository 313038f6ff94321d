package dev.fleetops.runbook.action.aws;

import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.sim.config.FaultPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** aws:runCommand against the simulated SSM agent, whose script outcomes the tests choose. */
class RunCommandActionTest {

    private static final String SHELL = """
            DocumentName: AWS-RunShellScript
            InstanceIds: %s
            Parameters:
              commands: %s
            """;

    private static String shell(List<String> ids, String command) {
        return SHELL.formatted(ids, command);
    }

    @Test
    void aSucceedingCommandGivesItsDocumentedOutputs() {
        World world = new World(FaultPlan.none(), World.model("say-hello", World.run(0, 5, "hello\n")));
        List<String> ids = world.launch(1);
        World.Attempt a = world.attempt(new RunCommand(), shell(ids, "say-hello"), Duration.ofSeconds(3600));

        a.succeeded();
        assertThat(a.output("CommandId")).matches("[0-9a-f-]{36}");
        assertThat(a.output("Status")).isEqualTo("Success");
        assertThat(a.output("ResponseCode")).isEqualTo("0");
        assertThat(a.output("Output")).isEqualTo("hello\n");
        // every instance it names ended Success, so the command did: no ListCommands for its verdict
        assertThat(a.ctx().calls).startsWith("ssm SendCommand", "ssm ListCommandInvocations").doesNotContain("ssm ListCommands");
        assertThat(a.took()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    @Test
    void aFailingScriptFailsTheStepWithEachInstancesDetails() {
        World world = new World(FaultPlan.none(), World.model("deploy", World.run(1, 3, "disk full")));
        List<String> ids = world.launch(2);
        World.Attempt a = world.attempt(new RunCommand(), shell(ids, "deploy"), Duration.ofSeconds(3600));

        ActionFailure f = a.failed();
        assertThat(f.type()).isEqualTo(ActionFailure.Type.Action);
        assertThat(f.getMessage()).matches("command [0-9a-f-]{36} \\(AWS-RunShellScript\\) ended Failed: "
                + ids.get(0) + " Failed, exit 1: disk full \\| -+ERROR-+ \\| failed to run commands: exit status 1; "
                + ids.get(1) + " Failed, exit 1: disk full .*");
    }

    @Test
    void seed004RebootScriptIsWaitedThroughItsRebootAndRerun() {
        World world = new World(FaultPlan.none(),
                World.model("exit 194", World.run(194, 2, "Reboot initiated\n"), World.run(0, 1, "Reboot finished\n")));
        List<String> ids = world.launch(1);
        String script = "|\n    flag_location=/home/ec2-user/REBOOT_STARTED\n    if [ ! -f $flag_location ]; then\n"
                + "      touch $flag_location\n      exit 194\n    fi\n    rm $flag_location";
        World.Attempt a = world.attempt(new RunCommand(), shell(ids, script), Duration.ofSeconds(3600));

        a.succeeded();
        assertThat(a.output("Output")).contains("Reboot finished");
        assertThat(a.ctx().calls("ssm ListCommandInvocations")).isGreaterThan(2);
        assertThat(a.ctx().progress).anyMatch(p -> p.contains(ids.get(0) + " InProgress"));
        assertThat(world.state(ids.get(0))).isEqualTo("running");
    }

    @Test
    void targetsByTagAndSimulatorIgnoredInputsAreNoted() {
        World world = new World();
        List<String> ids = world.launch(3);
        world.attempt(new CreateTags(), """
                ResourceIds: [%s, %s]
                Tags:
                  - Key: Role
                    Value: web
                """.formatted(ids.get(0), ids.get(2)), Duration.ofSeconds(60)).succeeded();
        World.Attempt a = world.attempt(new RunCommand(), """
                DocumentName: AWS-RunShellScript
                Targets:
                  - Key: tag:Role
                    Values: [web]
                Parameters:
                  commands: [uptime]
                OutputS3BucketName: my-bucket
                OutputS3KeyPrefix: ssm_output/
                MaxConcurrency: "1"
                MaxErrors: "0"
                """, Duration.ofSeconds(3600));

        a.succeeded();
        assertThat(a.ctx().notes).contains("accepted and ignored on the simulator: OutputS3BucketName, "
                + "OutputS3KeyPrefix (the simulated agent keeps command output only in SSM and sends no notifications)",
                "ResponseCode and Output are those of the first instance, " + ids.get(0) + "; all 2 instances succeeded");
    }

    @Test
    void invocationsNotYetVisibleAfterSendingArePolledAgain() {
        World world = new World(World.fault("ssm", "ListCommandInvocations", "InvocationDoesNotExist", Duration.ZERO,
                Duration.ZERO, Duration.ofMinutes(4)));
        List<String> ids = world.launch(1); // launch takes 3 minutes: the fault lasts into the first polls
        World.Attempt a = world.attempt(new RunCommand(), shell(ids, "true"), Duration.ofSeconds(3600));

        a.succeeded();
        assertThat(a.ctx().progress).anyMatch(p -> p.endsWith("invocations not visible yet"));
    }

    @Test
    void badRequestsFailTheStepWithSsmsError() {
        World world = new World();
        List<String> ids = world.launch(1);
        assertThat(world.attempt(new RunCommand(), SHELL.replace("AWS-RunShellScript", "No-Such-Document")
                .formatted(ids, "true"), Duration.ofSeconds(60)).failed().getMessage())
                .startsWith("ssm SendCommand: InvalidDocument: ");
        assertThat(world.attempt(new RunCommand(), "DocumentName: AWS-RunShellScript\n", Duration.ofSeconds(60))
                .failed().getMessage()).isEqualTo("aws:runCommand input InstanceIds or Targets is required");
    }

    @Test
    void aStepTimeoutCancelsTheCommand() {
        World world = new World(FaultPlan.none(), World.model("long-job", World.run(0, 900, "")));
        List<String> ids = world.launch(1);
        World.Attempt a = world.attempt(new RunCommand(), shell(ids, "long-job"), Duration.ofSeconds(120));

        assertThat(a.failed().timedOut()).isTrue();
        assertThat(a.took()).isEqualTo(Duration.ofSeconds(120));
        assertThat(a.ctx().calls).endsWith("ssm CancelCommand");
        assertThat(a.ctx().notes).anyMatch(n -> n.startsWith("step timed out: sent CancelCommand for "));
    }
}

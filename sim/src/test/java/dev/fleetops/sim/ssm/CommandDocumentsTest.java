package dev.fleetops.sim.ssm;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.CommandPluginStatus;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentStatus;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.PlatformType;

import java.util.List;
import java.util.Map;

import static dev.fleetops.sim.ssm.SsmFixture.model;
import static dev.fleetops.sim.ssm.SsmFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Custom Command documents (schema 2.2): steps, preconditions, parameters, exit codes 168/169. */
class CommandDocumentsTest {

    static final String THREE_STEPS = """
            schemaVersion: "2.2"
            description: Patch in three steps
            parameters:
              stopCode:
                type: String
                default: "0"
            mainSteps:
              - action: aws:runShellScript
                name: prepare
                precondition:
                  StringEquals: [platformType, Linux]
                inputs:
                  runCommand:
                    - prepare --code {{ stopCode }}
              - action: aws:runShellScript
                name: patch
                inputs:
                  runCommand: [patch]
              - action: aws:runPowerShellScript
                name: windowsOnly
                precondition:
                  StringEquals: [platformType, Windows]
                inputs:
                  runCommand: [Write-Host hi]
            """;

    static SsmFixture fixture() {
        return new SsmFixture(model("prepare --code 168", run(168, 1, "nothing to do\n")),
                model("prepare --code 169", run(169, 1, "broken\n")),
                model("prepare --code 7", run(7, 1, "")),
                model("prepare", run(0, 2, "prepared\n")),
                model("^patch", run(0, 3, "patched\n")));
    }

    static String create(SsmFixture f, String name, String content) {
        return f.await(f.ssm.createDocument(b -> b.name(name).content(content).documentType(DocumentType.COMMAND)
                .documentFormat(DocumentFormat.YAML))).documentDescription().name();
    }

    static String send(SsmFixture f, String doc, String id, String stopCode) {
        return f.await(f.ssm.sendCommand(b -> b.documentName(doc).instanceIds(id)
                .parameters(Map.of("stopCode", List.of(stopCode))))).command().commandId();
    }

    List<CommandPlugin> plugins(SsmFixture f, String cmd) {
        return f.await(f.ssm.listCommandInvocations(b -> b.commandId(cmd).details(true)))
                .commandInvocations().get(0).commandPlugins();
    }

    @Test
    void stepsRunInOrderAndAStepForAnotherPlatformIsSkipped() {
        SsmFixture f = fixture();
        String id = f.online(1).get(0);
        var created = f.await(f.ssm.createDocument(b -> b.name("Patch").content(THREE_STEPS)
                .documentType(DocumentType.COMMAND).documentFormat(DocumentFormat.YAML))).documentDescription();
        assertThat(created.status()).isEqualTo(DocumentStatus.ACTIVE);
        assertThat(created.schemaVersion()).isEqualTo("2.2");
        assertThat(created.platformTypes()).containsExactly(PlatformType.WINDOWS, PlatformType.LINUX,
                PlatformType.MAC_OS);
        assertThat(created.parameters()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("stopCode");
            assertThat(p.defaultValue()).isEqualTo("0");
        });

        String cmd = send(f, "Patch", id, "0");
        f.finish(cmd);
        assertThat(f.invocation(cmd, id).status()).isEqualTo(CommandInvocationStatus.SUCCESS);
        assertThat(plugins(f, cmd)).extracting(CommandPlugin::name, CommandPlugin::status,
                        CommandPlugin::statusDetails, CommandPlugin::responseCode)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("prepare", CommandPluginStatus.SUCCESS, "Success", 0),
                        org.assertj.core.groups.Tuple.tuple("patch", CommandPluginStatus.SUCCESS, "Success", 0),
                        org.assertj.core.groups.Tuple.tuple("windowsOnly", CommandPluginStatus.SUCCESS, "Skipped", 0));
        var patch = f.invocation(cmd, id, "patch");
        assertThat(patch.standardOutputContent()).isEqualTo("patched\n");
        assertThat(patch.executionElapsedTime()).isEqualTo("PT3S");
        assertThat(f.invocation(cmd, id).standardOutputContent()).startsWith("prepared\npatched\n");
    }

    @Test
    void exit168SucceedsAndSkipsTheRemainingSteps() {
        SsmFixture f = fixture();
        String id = f.online(1).get(0);
        create(f, "Patch", THREE_STEPS);
        String cmd = send(f, "Patch", id, "168");
        f.finish(cmd);
        var inv = f.invocation(cmd, id);
        assertThat(inv.status()).isEqualTo(CommandInvocationStatus.SUCCESS);
        assertThat(inv.responseCode()).isEqualTo(168);
        assertThat(plugins(f, cmd)).extracting(CommandPlugin::statusDetails)
                .containsExactly("Success", "Skipped", "Skipped");
        assertThat(f.command(cmd).statusDetails()).isEqualTo("Success");
    }

    @Test
    void exit169FailsAndSkipsTheRemainingSteps() {
        SsmFixture f = fixture();
        String id = f.online(1).get(0);
        create(f, "Patch", THREE_STEPS);
        String cmd = send(f, "Patch", id, "169");
        f.finish(cmd);
        var inv = f.invocation(cmd, id);
        assertThat(inv.status()).isEqualTo(CommandInvocationStatus.FAILED);
        assertThat(inv.responseCode()).isEqualTo(169);
        assertThat(plugins(f, cmd)).extracting(CommandPlugin::status)
                .containsExactly(CommandPluginStatus.FAILED, CommandPluginStatus.SUCCESS, CommandPluginStatus.SUCCESS);
        assertThat(plugins(f, cmd)).extracting(CommandPlugin::statusDetails)
                .containsExactly("Failed", "Skipped", "Skipped");
        assertThat(f.command(cmd).statusDetails()).isEqualTo("Failed");
    }

    @Test
    void anOrdinaryFailureDoesNotStopLaterStepsButFailsTheDocument() {
        SsmFixture f = fixture();
        String id = f.online(1).get(0);
        create(f, "Patch", THREE_STEPS);
        String cmd = send(f, "Patch", id, "7");
        f.finish(cmd);
        assertThat(plugins(f, cmd)).extracting(CommandPlugin::statusDetails, CommandPlugin::responseCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Failed", 7),
                        org.assertj.core.groups.Tuple.tuple("Success", 0),
                        org.assertj.core.groups.Tuple.tuple("Skipped", 0));
        // the invocation's code is the last executed step's; a failed document with code 0 reports 1
        assertThat(f.invocation(cmd, id).status()).isEqualTo(CommandInvocationStatus.FAILED);
        assertThat(f.invocation(cmd, id).responseCode()).isEqualTo(1);
    }

    @Test
    void onFailureExitStopsTheDocument() {
        SsmFixture f = fixture();
        String id = f.online(1).get(0);
        create(f, "Strict", """
                schemaVersion: "2.2"
                mainSteps:
                  - action: aws:runShellScript
                    name: first
                    inputs:
                      runCommand: ["prepare --code 7"]
                      onFailure: exit
                  - action: aws:runShellScript
                    name: second
                    inputs:
                      runCommand: [patch]
                """);
        String cmd = f.await(f.ssm.sendCommand(b -> b.documentName("Strict").instanceIds(id))).command().commandId();
        f.finish(cmd);
        assertThat(plugins(f, cmd)).extracting(CommandPlugin::statusDetails).containsExactly("Failed", "Skipped");
    }

    @Test
    void stepTimeoutSecondsBoundsEachStep() {
        SsmFixture f = new SsmFixture(model("slow", run(0, 100, "")));
        String id = f.online(1).get(0);
        f.await(f.ssm.createDocument(b -> b.name("Slow").documentFormat(DocumentFormat.JSON).content("""
                {"schemaVersion": "2.2", "description": "slow",
                 "mainSteps": [{"action": "aws:runShellScript", "name": "slow",
                                "inputs": {"runCommand": ["slow"], "timeoutSeconds": "20"}}]}
                """)));
        String cmd = f.await(f.ssm.sendCommand(b -> b.documentName("Slow").instanceIds(id))).command().commandId();
        f.finish(cmd);
        var inv = f.invocation(cmd, id, "slow");
        assertThat(inv.status()).isEqualTo(CommandInvocationStatus.TIMED_OUT);
        assertThat(inv.executionElapsedTime()).isEqualTo("PT20S");
    }

    @Test
    void aRebootInTheMiddleStepRerunsThatStepOnly() {
        SsmFixture f = new SsmFixture(model("kernel", run(194, 1, "rebooting"), run(0, 1, "kernel ok")),
                model("before", run(0, 1, "before")), model("after", run(0, 1, "after")));
        String id = f.online(1).get(0);
        create(f, "Kernel", """
                schemaVersion: "2.2"
                mainSteps:
                  - {action: aws:runShellScript, name: before, inputs: {runCommand: [before]}}
                  - {action: aws:runShellScript, name: kernel, inputs: {runCommand: [kernel]}}
                  - {action: aws:runShellScript, name: after, inputs: {runCommand: [after]}}
                """);
        String cmd = f.await(f.ssm.sendCommand(b -> b.documentName("Kernel").instanceIds(id))).command().commandId();
        f.finish(cmd);
        assertThat(f.ec2.reboots).hasSize(1);
        assertThat(plugins(f, cmd)).extracting(CommandPlugin::output).containsExactly("before", "kernel ok", "after");
        assertThat(f.invocation(cmd, id).status()).isEqualTo(CommandInvocationStatus.SUCCESS);
    }
}

package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.fleetops.runbook.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A Command (2.2) document runs as one aws:runCommand step sending it to the targets. */
class CommandDocumentTest {

    private static final String COMMAND = """
            schemaVersion: '2.2'
            description: restart the app
            parameters:
              Service: {type: String, default: nginx, allowedValues: [nginx, app]}
            mainSteps:
              - action: aws:runShellScript
                name: restart
                inputs:
                  runCommand: ['systemctl restart {{ Service }}']
            """;

    // simulated(false): the fake cloud has no SSM to create the document in (the simulator path does that first)
    private final EngineFixture f = new EngineFixture(b -> b.simulated(false));

    @Test
    void aCommandDocumentIsSentThroughRunCommandToTheGivenInstances() {
        var v = f.engine.validator().validate("RestartApp.yaml", COMMAND);
        Execution ex = f.scheduler.await(f.engine.startCommand(v, Map.of("Service", List.of("app")),
                CommandTargets.instances(List.of("i-1", "i-2"))), Duration.ofSeconds(1));
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofHours(3));
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.documentName()).isEqualTo("RestartApp");
        var run = step(r, "runCommand");
        assertThat(run.action()).isEqualTo("aws:runCommand");
        assertThat(run.inputs().get("DocumentName").textValue()).isEqualTo("RestartApp");
        assertThat(run.inputs().get("InstanceIds").toString()).isEqualTo("[\"i-1\",\"i-2\"]");
        assertThat(run.inputs().get("Parameters").toString()).isEqualTo("{\"Service\":[\"app\"]}");
    }

    @Test
    void tagTargetsBecomeSendCommandTargets() {
        var v = f.engine.validator().validate("RestartApp.yaml", COMMAND);
        Execution ex = f.scheduler.await(f.engine.startCommand(v, Map.of(), CommandTargets.tag("Role", List.of("web"))),
                Duration.ofSeconds(1));
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofHours(3));
        assertThat(step(r, "runCommand").inputs().get("Targets").toString()).isEqualTo("[{\"Key\":\"tag:Role\",\"Values\":[\"web\"]}]");
    }

    @Test
    void badParametersOfACommandDocumentRefuseTheStart() {
        var v = f.engine.validator().validate("RestartApp.yaml", COMMAND);
        assertThatThrownBy(() -> f.engine.startCommand(v, Map.of("Service", List.of("db")), CommandTargets.instances(List.of("i-1"))))
                .isInstanceOfSatisfying(StartRefused.class, e -> assertThat(e.problems())
                        .containsExactly("parameter 'Service': \"db\" is not one of the allowed values: nginx, app"));
        assertThatThrownBy(() -> f.engine.start(v, Map.of())).isInstanceOf(StartRefused.class)
                .hasMessageContaining("a Command (2.2) document runs on instances");
    }
}

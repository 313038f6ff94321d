package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.fleetops.runbook.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting: validation verdicts and runtime parameters (AWS Systems Manager User Guide: Data elements and parameters). */
class ParameterTest {

    private final EngineFixture f = new EngineFixture();

    private static final String DOC = """
            schemaVersion: '0.3'
            parameters:
              InstanceId: {type: 'AWS::EC2::Instance::Id'}
              Mode: {type: String, allowedValues: [reboot, stop], default: reboot}
              Tag: {type: String, allowedPattern: '^[a-z]+$', default: web, minChars: 2, maxChars: 5}
              Count: {type: Integer, default: 1}
              Force: {type: Boolean, default: false}
              Names: {type: StringList, default: [a], minItems: 1, maxItems: 2}
              Extra: {type: StringMap, default: {}}
              Rules: {type: MapList, default: []}
            mainSteps:
              - name: a
                action: aws:executeAwsApi
                inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ InstanceId }}']}
            """;

    private List<String> problems(Map<String, List<String>> parameters) {
        try {
            f.start(DOC, parameters);
        } catch (StartRefused e) {
            assertThat(e.reason()).isEqualTo(StartRefused.Reason.PARAMETERS);
            return e.problems();
        }
        throw new AssertionError("started");
    }

    @Test
    void validParametersAreCoercedToTheirTypesAndDefaultsFilledIn() {
        ExecutionRecord r = f.run(DOC, Map.of("InstanceId", List.of("i-0123456789abcdef0"), "Count", List.of("3"),
                "Force", List.of("true"), "Extra", List.of("{\"k\":\"v\"}"), "Rules", List.of("{\"a\":1}", "{\"b\":2}")));
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.parameters()).containsEntry("Count", List.of("3")).containsEntry("Mode", List.of("reboot"))
                .containsEntry("Names", List.of("a")).containsEntry("Rules", List.of("{\"a\":1}", "{\"b\":2}"));
        assertThat(step(r, "a").inputs().get("InstanceIds").toString()).isEqualTo("[\"i-0123456789abcdef0\"]");
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsParameter() {
        List<String> p = problems(Map.of("InstanceId", List.of("web-1"), "Mode", List.of("terminate"),
                "Tag", List.of("Web123"), "Count", List.of("1.5"), "Force", List.of("True"), "Names", List.of("a", "b", "c"),
                "Extra", List.of("[1]"), "Modee", List.of("x")));
        assertThat(p).containsExactlyInAnyOrder(
                "parameter 'Modee' is not defined by the document (did you mean 'Mode'?); it takes: InstanceId, Mode, Tag, Count, Force, Names, Extra, Rules",
                "parameter 'InstanceId': \"web-1\" is not a valid AWS::EC2::Instance::Id (^m?i-([a-z0-9]{8}|[a-z0-9]{17})$)",
                "parameter 'Mode': \"terminate\" is not one of the allowed values: reboot, stop",
                "parameter 'Tag': \"Web123\" does not match the allowed pattern ^[a-z]+$",
                "parameter 'Tag': the value is 6 characters, more than maxChars 5",
                "parameter 'Count' (Integer) must be a whole number, got \"1.5\"",
                "parameter 'Force' (Boolean) must be true or false, got \"True\"",
                "parameter 'Names' has 3 items, more than maxItems 2",
                "parameter 'Extra' (StringMap) must be a JSON object such as {\"Key\":\"Value\"}, got [1]");
    }

    @Test
    void aRequiredParameterWithoutValueRefusesTheStart() {
        assertThat(problems(Map.of())).containsExactly("parameter 'InstanceId' (AWS::EC2::Instance::Id) is required and has no default");
        assertThat(problems(Map.of("InstanceId", List.of("i-12345678"), "Mode", List.of("stop", "reboot"))))
                .containsExactly("parameter 'Mode' (String) takes one value, got 2");
        assertThat(problems(Map.of("InstanceId", List.of("i-12345678"), "Tag", List.of("w"))))
                .containsExactly("parameter 'Tag': \"w\" is shorter than minChars 2");
    }

    @Test
    void anInvalidDocumentIsRefusedWithAllItsErrorsAndNothingRuns() {
        assertThatThrownBy(() -> f.start("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                    nextStep: nowhere
                  - name: b
                    action: aws:sleeep
                    inputs: {}
                """, Map.of())).isInstanceOfSatisfying(StartRefused.class, e -> {
            assertThat(e.reason()).isEqualTo(StartRefused.Reason.INVALID);
            assertThat(e.problems()).hasSize(2);
            assertThat(e.getMessage()).startsWith("test.yaml: the document is invalid:");
        });
        assertThat(f.store.ids()).isEmpty();
    }

    @Test
    void aDocumentNotRunnableHereIsRefusedWithTheReason() {
        assertThatThrownBy(() -> f.start("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: fn
                    action: aws:invokeLambdaFunction
                    inputs: {FunctionName: fn}
                """, Map.of())).isInstanceOfSatisfying(StartRefused.class, e -> {
            assertThat(e.reason()).isEqualTo(StartRefused.Reason.NOT_RUNNABLE);
            assertThat(e.problems()).singleElement().asString().contains("the simulator does not model Lambda");
        });
    }

    @Test
    void anActionWithoutImplementationIsNotRunnable() {
        EngineFixture withoutChangeInstanceState = new EngineFixture(b -> b.actions(ActionRegistry.of(
                new dev.fleetops.runbook.action.control.SleepAction())));
        assertThatThrownBy(() -> withoutChangeInstanceState.start("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: state
                    action: aws:changeInstanceState
                    inputs: {InstanceIds: [i-1], DesiredState: stopped}
                """, Map.of())).isInstanceOfSatisfying(StartRefused.class, e ->
                assertThat(e.problems()).containsExactly("step state: aws:changeInstanceState is not implemented by this build of fleetops"));
    }

    @Test
    void validationWarningsGoToTheRecordNotesAndTheRunGoesAhead() {
        ExecutionRecord r = f.run("""
                schemaVersion: '0.3'
                parameters:
                  Mode: {type: String, allowedValues: [a, b], default: c}
                mainSteps:
                  - name: a
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                """, Map.of("Mode", List.of("a")));
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("warning: test.yaml:") && n.contains("not one of allowedValues"));
    }

    @Test
    void executionIdsAreUniqueAcrossRunsOnTheSimulatorEvenWithTheSameSeed() {
        // two processes' first runs on the same seed: their records and signals must not collide
        String first = new EngineFixture(b -> b.seed(4)).start(DOC, Map.of("InstanceId", List.of("i-12345678"))).id();
        String again = new EngineFixture(b -> b.seed(4)).start(DOC, Map.of("InstanceId", List.of("i-12345678"))).id();
        assertThat(first).isNotEqualTo(again);
        assertThat(List.of(first, again)).allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    }

    @Test
    void fixedIdsStillComeFromASeededSourceWhenATestAsksForThem() {
        String first = new EngineFixture(b -> b.ids(ExecutionIds.seeded(4))).start(DOC, Map.of("InstanceId", List.of("i-12345678"))).id();
        String again = new EngineFixture(b -> b.ids(ExecutionIds.seeded(4))).start(DOC, Map.of("InstanceId", List.of("i-12345678"))).id();
        assertThat(first).isEqualTo(again);
    }
}

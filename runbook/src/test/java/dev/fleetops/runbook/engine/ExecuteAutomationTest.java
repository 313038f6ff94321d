package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.fleetops.runbook.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;

/** aws:executeAutomation with child documents from a --docs directory. */
class ExecuteAutomationTest {

    @TempDir
    Path docs;

    private EngineFixture fixture() throws Exception {
        Files.writeString(docs.resolve("Child.yaml"), """
                schemaVersion: '0.3'
                parameters:
                  InstanceId: {type: String}
                  Wait: {type: String, default: PT1M}
                outputs: [describe.Id]
                mainSteps:
                  - name: nap
                    action: aws:sleep
                    inputs: {Duration: '{{ Wait }}'}
                  - name: describe
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ InstanceId }}']}
                    outputs: [{Name: Id, Selector: '$.Id', Type: String}]
                """);
        EngineFixture f = new EngineFixture(b -> b.docs(docs));
        f.scripts.put("describe", c -> c.scheduler().delay(Duration.ofSeconds(1)).thenApply(v -> dev.fleetops.runbook.action.ActionResult.of(
                Map.of(dev.fleetops.runbook.action.ActionResult.RESPONSE,
                        EngineFixture.json("{\"Id\":\"" + c.inputs().get("InstanceIds").get(0).asText() + "\"}")))));
        return f;
    }

    private static final String PARENT = """
            schemaVersion: '0.3'
            mainSteps:
              - name: child
                action: aws:executeAutomation
                inputs:
                  DocumentName: %s
                  RuntimeParameters: {InstanceId: '%s'}
              - name: use
                action: aws:executeAwsApi
                inputs: {Service: ec2, Api: DescribeInstances, NextToken: '{{ child.ExecutionId }}/{{ child.Status }}'}
            """;

    @Test
    void aChildRunsFromTheDocsDirectoryAndItsRecordIsAttached() throws Exception {
        EngineFixture f = fixture();
        ExecutionRecord r = f.run(PARENT.formatted("Child", "i-0123456789abcdef0"));
        assertThat(r.status()).isEqualTo(Status.Success);
        var child = step(r, "child");
        assertThat(child.children()).singleElement().satisfies(c -> {
            assertThat(c.documentName()).isEqualTo("Child");
            assertThat(c.status()).isEqualTo(Status.Success);
            assertThat(c.parameters()).containsEntry("InstanceId", List.of("i-0123456789abcdef0")).containsEntry("Wait", List.of("PT1M"));
            assertThat(c.steps()).extracting(s -> s.stepName()).containsExactly("nap", "describe");
        });
        String childId = child.children().get(0).id();
        assertThat(child.outputs().get("ExecutionId").textValue()).isEqualTo(childId);
        assertThat(child.outputs().get("Output").toString()).isEqualTo("[\"describe.Id=i-0123456789abcdef0\"]");
        assertThat(step(r, "use").inputs().get("NextToken").textValue()).isEqualTo(childId + "/Success");
        assertThat(f.store.load(childId)).isPresent();
        assertThat(Duration.between(child.start().get(), child.end().get())).isEqualTo(Duration.ofSeconds(61));
    }

    @Test
    void aChildThatFailsFailsTheStep() throws Exception {
        EngineFixture f = fixture();
        f.scripts.put("describe", EngineFixture.fail(Duration.ofSeconds(1), "no such instance"));
        ExecutionRecord r = f.run(PARENT.formatted("Child", "i-1"));
        assertThat(step(r, "child").status()).isEqualTo(Status.Failed);
        assertThat(step(r, "child").failureMessage().orElseThrow()).contains("ended Failed").contains("no such instance");
        assertThat(step(r, "child").children()).singleElement().extracting(ExecutionRecord::status).isEqualTo(Status.Failed);
        assertThat(r.status()).isEqualTo(Status.Failed);
    }

    @Test
    void anUnknownChildOrBadChildParametersFailTheStepSayingWhy() throws Exception {
        EngineFixture f = fixture();
        ExecutionRecord missing = f.run(PARENT.formatted("Nope", "i-1"));
        assertThat(step(missing, "child").failureMessage().orElseThrow()).contains("no document named Nope");
        ExecutionRecord bad = f.run(PARENT.formatted("Child", "i-1").replace("InstanceId: 'i-1'", "InstanceIdd: 'i-1'"));
        assertThat(step(bad, "child").failureMessage().orElseThrow()).contains("parameter 'InstanceIdd' is not defined");
    }

    @Test
    void aChildsIdDerivesFromItsParentsSoItIsRepeatableWithinTheRun() throws Exception {
        EngineFixture f = fixture();
        Execution ex = f.start(PARENT.formatted("Child", "i-1"), Map.of());
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofHours(1));
        assertThat(r.status()).isEqualTo(Status.Success);
        String childId = step(r, "child").outputs().get("ExecutionId").asText();
        assertThat(childId).isEqualTo(ExecutionIds.child(ex.id(), 1)).isNotEqualTo(ex.id());
        assertThat(f.store.ids()).containsExactlyInAnyOrder(ex.id(), childId);
    }

    @Test
    void cancellingTheParentCancelsTheChild() throws Exception {
        EngineFixture f = fixture();
        Execution ex = f.start(PARENT.formatted("Child", "i-1"), Map.of());
        f.scheduler.runFor(Duration.ofSeconds(30));
        ex.cancel();
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofHours(1));
        assertThat(r.status()).isEqualTo(Status.Cancelled);
        f.scheduler.runFor(Duration.ofSeconds(1));
        String childId = f.store.ids().stream().filter(id -> !id.equals(ex.id())).findFirst().orElseThrow();
        assertThat(f.store.load(childId).orElseThrow().status()).isEqualTo(Status.Cancelled);
    }
}

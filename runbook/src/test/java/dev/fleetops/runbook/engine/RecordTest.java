package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.action.control.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Records: SSM GetAutomationExecution member names; the file store round trip and its signals. */
class RecordTest {

    private static final String DOC = """
            schemaVersion: '0.3'
            parameters:
              Id: {type: String, default: i-1}
            outputs: [a.State]
            mainSteps:
              - name: a
                action: aws:executeAwsApi
                inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ Id }}']}
                outputs: [{Name: State, Selector: '$.Reservations[0].Instances[0].State.Name', Type: String}]
              - name: b
                action: aws:sleep
                inputs: {Duration: PT1S}
            """;

    @Test
    void theRecordUsesSsmMemberNames() throws Exception {
        EngineFixture f = new EngineFixture();
        f.scripts.put("a", c -> c.call("ec2", "DescribeInstances", c.inputs().deepCopy().without(List.of("Service", "Api")))
                .thenApply(r -> dev.fleetops.runbook.action.ActionResult.of(Map.of(dev.fleetops.runbook.action.ActionResult.RESPONSE, r))));
        ExecutionRecord r = f.run(DOC);
        JsonNode json = Json.parse(Json.pretty(r));
        assertThat(iterable(json.fieldNames())).containsExactly("AutomationExecutionId", "Kind", "DocumentName",
                "AutomationExecutionStatus", "ExecutionStartTime", "ExecutionEndTime", "Parameters", "Outputs",
                "StepExecutions", "Notes");
        assertThat(json.path("AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(json.path("Outputs").path("a.State").asText()).isEqualTo("running");
        assertThat(json.path("Parameters").path("Id").get(0).asText()).isEqualTo("i-1");
        JsonNode step = json.path("StepExecutions").get(0);
        assertThat(iterable(step.fieldNames())).containsExactly("StepName", "Action", "StepStatus", "Attempt", "Inputs",
                "Outputs", "ExecutionStartTime", "ExecutionEndTime", "ApiCalls", "ChildExecutions", "Notes");
        assertThat(step.path("ApiCalls").get(0).path("Operation").asText()).isEqualTo("DescribeInstances");
        assertThat(step.path("ExecutionStartTime").asText()).isEqualTo("2026-01-05T09:00:00Z");
    }

    @Test
    void theFileStoreWritesOneJsonRecordPerExecutionOnEveryTransitionAndReadsItBack(@TempDir Path dir) {
        ExecutionStore files = ExecutionStore.directory(dir);
        EngineFixture f = new EngineFixture(b -> b.store(files));
        Execution ex = f.start(DOC, Map.of());
        f.scheduler.runFor(java.time.Duration.ofMillis(1500));
        assertThat(files.load(ex.id()).orElseThrow().steps().get(1).status()).isEqualTo(Status.InProgress);
        ExecutionRecord done = f.scheduler.await(ex.result(), java.time.Duration.ofMinutes(1));
        files.flush();
        assertThat(Files.exists(dir.resolve(ex.id() + ".json"))).isTrue();
        assertThat(ExecutionStore.directory(dir).load(ex.id())).as("read back by another store on the directory")
                .contains(done);
        ExecutionRecord loaded = files.load(ex.id()).orElseThrow();
        assertThat(loaded).isEqualTo(done);
        assertThat(files.ids()).containsExactly(ex.id());
        assertThat(files.load("nope")).isEmpty();
    }

    @Test
    void signalsLeftInTheFileStoreAreTakenOnceInOrder(@TempDir Path dir) {
        ExecutionStore files = ExecutionStore.directory(dir);
        Instant t = Instant.parse("2026-01-05T09:00:00Z");
        files.signal("e1", new Signal(Signal.Type.Approve, Optional.of("approve"), "alice", Optional.of("go"), t));
        files.signal("e1", Signal.of(Signal.Type.Reject, "bob", t.plusSeconds(1)));
        List<Signal> taken = ExecutionStore.directory(dir).takeSignals("e1");
        assertThat(taken).extracting(Signal::by).containsExactly("alice", "bob");
        assertThat(taken.get(0).comment()).contains("go");
        assertThat(taken.get(0).step()).contains("approve");
        assertThat(files.takeSignals("e1")).isEmpty();
    }

    /**
     * The records saved while a run goes cost work in proportion to the run, not to its square: per step, a
     * 50,000-step document copies no more step records into saved snapshots than a 5,000-step one (saving the
     * whole record on every transition copied 10 times more per step, 75 million records per 5,000 steps).
     */
    @Test
    void savingRecordsIsLinearInTheNumberOfSteps() {
        double small = stepRecordsCopiedPerStep(5_000);
        double large = stepRecordsCopiedPerStep(50_000);
        assertThat(large).as("records copied per step at 50,000 steps vs at 5,000 (%s)", small).isLessThanOrEqualTo(small * 1.1);
        assertThat(large).isLessThanOrEqualTo(4.0 * RunRecords.SAVES_PER_PASS);
    }

    private static double stepRecordsCopiedPerStep(int steps) {
        StringBuilder doc = new StringBuilder("schemaVersion: '0.3'\nmainSteps:\n");
        for (int i = 0; i < steps; i++) {
            doc.append("  - name: s").append(i).append("\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n");
            if (i + 1 < steps) doc.append("    nextStep: s").append(i + 1).append('\n');
        }
        ExecutionStore memory = ExecutionStore.inMemory();
        long[] copied = new long[1];
        ExecutionStore counting = new ExecutionStore() {
            @Override
            public void save(ExecutionRecord record) {
                copied[0] += record.steps().size();
                memory.save(record);
            }

            @Override
            public Optional<ExecutionRecord> load(String executionId) {
                return memory.load(executionId);
            }

            @Override
            public List<String> ids() {
                return memory.ids();
            }

            @Override
            public void signal(String executionId, Signal signal) {
                memory.signal(executionId, signal);
            }

            @Override
            public List<Signal> takeSignals(String executionId) {
                return memory.takeSignals(executionId);
            }
        };
        ExecutionRecord r = new EngineFixture(b -> b.store(counting)).run(doc.toString());
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(counting.load(r.id()).orElseThrow().steps()).hasSize(steps)
                .allSatisfy(s -> assertThat(s.status()).isEqualTo(Status.Success));
        return (double) copied[0] / steps;
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}

package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.action.control.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed events of runbook executions, and the journal's two facts, in the order they happen. */
class RunbookEventTest {

    private static final String DOC = """
            schemaVersion: '0.3'
            mainSteps:
              - name: describe
                action: aws:executeAwsApi
                maxAttempts: 2
                inputs: {Service: ec2, Api: DescribeInstances}
              - name: approve
                action: aws:approve
                inputs: {Approvers: [alice]}
            """;

    private final List<RunbookEvent> events = new ArrayList<>();
    private final List<String> journal = new ArrayList<>();
    private int describes;

    private EngineFixture fixture(Path docs) {
        EngineFixture f = new EngineFixture(b -> b.onEvent(events::add).journal(new Journal() {
            @Override
            public java.util.concurrent.CompletionStage<Void> aboutToCall(String executionId, String step, int attempt,
                                                                          String operation, String token,
                                                                          com.fasterxml.jackson.databind.JsonNode request) {
                journal.add("call " + step + "#" + attempt + " " + operation + " " + token.substring(executionId.length()));
                return Journal.DONE;
            }

            @Override
            public void stepEnded(String executionId, String step, StepRecord result) {
                journal.add("end " + step + " " + result.status());
            }
        }).docs(docs));
        f.scripts.put("describe", c -> c.call("ec2", "DescribeInstances", Json.object()).thenApply(r -> {
            if (++describes == 1) throw new dev.fleetops.runbook.action.ActionFailure(
                    dev.fleetops.runbook.action.ActionFailure.Type.Action, "first attempt fails");
            return ActionResult.empty();
        }));
        return f;
    }

    @Test
    void stepsPublishStartEndAttemptsCallsAndWaitsAsTypedEvents(@org.junit.jupiter.api.io.TempDir Path docs) {
        EngineFixture f = fixture(docs);
        Execution ex = f.start(DOC, Map.of());
        f.scheduler.schedule(Duration.ofMinutes(1), () -> f.store.signal(ex.id(), Signal.of(Signal.Type.Approve, "alice",
                f.scheduler.now())));
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofHours(1));
        assertThat(r.status()).isEqualTo(Status.Success);

        assertThat(events).allMatch(e -> e.executionId().equals(ex.id()));
        assertThat(events.get(0)).isInstanceOf(RunbookEvent.ExecutionStarted.class);
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(RunbookEvent.ExecutionEnded.class,
                e -> assertThat(e.record().status()).isEqualTo(Status.Success));
        assertThat(of(RunbookEvent.StepStarted.class).map(e -> e.step().stepName() + "#" + e.step().attempt()))
                .containsExactly("describe#1", "approve#1");
        assertThat(of(RunbookEvent.StepChanged.class).map(e -> e.step().stepName() + "#" + e.step().attempt() + " " + e.step().status()))
                .contains("describe#2 InProgress", "approve#1 Waiting");
        assertThat(of(RunbookEvent.StepEnded.class).map(e -> e.step().stepName() + " " + e.step().status() + "#" + e.step().attempt()))
                .containsExactly("describe Success#2", "approve Success#1");
        assertThat(of(RunbookEvent.ApiCalled.class).map(e -> e.stepName() + "#" + e.attempt() + " " + e.call().operation()))
                .containsExactly("describe#1 DescribeInstances", "describe#2 DescribeInstances");
        assertThat(of(RunbookEvent.ApprovalWaiting.class).map(e -> e.request().stepName() + " " + e.request().approvers()))
                .containsExactly("approve [alice]");

        assertThat(journal).containsExactly("call describe#1 ec2:DescribeInstances :describe:1:1",
                "call describe#2 ec2:DescribeInstances :describe:2:1", "end describe Success", "end approve Success");
    }

    @Test
    void aChildExecutionPublishesOnTheSameEventsUnderItsOwnId(@org.junit.jupiter.api.io.TempDir Path docs) throws Exception {
        Files.writeString(docs.resolve("Child.yaml"), """
                schemaVersion: '0.3'
                mainSteps:
                  - name: nap
                    action: aws:sleep
                    inputs: {Duration: PT1S}
                """);
        EngineFixture f = fixture(docs);
        Execution ex = f.start("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: child
                    action: aws:executeAutomation
                    inputs: {DocumentName: Child}
                """, Map.of());
        assertThat(f.scheduler.await(ex.result(), Duration.ofHours(1)).status()).isEqualTo(Status.Success);
        String childId = ExecutionIds.child(ex.id(), 1);
        assertThat(of(RunbookEvent.ChildStarted.class).map(e -> e.executionId() + " " + e.stepName() + " " + e.childId() + " " + e.documentName()))
                .containsExactly(ex.id() + " child " + childId + " Child");
        assertThat(of(RunbookEvent.ExecutionEnded.class).map(RunbookEvent::executionId)).containsExactly(childId, ex.id());
        assertThat(of(RunbookEvent.StepEnded.class).map(e -> e.executionId() + " " + e.step().stepName()))
                .containsExactly(childId + " nap", ex.id() + " child");
    }

    private <T extends RunbookEvent> Stream<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast);
    }
}

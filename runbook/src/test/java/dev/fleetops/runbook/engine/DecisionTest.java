package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.runbook.action.control.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static dev.fleetops.runbook.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;

/** aws:approve and aws:pause with store signals and --approve-all; a rejection fails the step. */
class DecisionTest {

    private static final String APPROVE = """
            schemaVersion: '0.3'
            mainSteps:
              - name: approve
                action: aws:approve
                inputs:
                  Approvers: [alice, bob]
                  MinRequiredApprovals: %d
                  Message: Terminate?
              - name: act
                action: aws:executeAwsApi
                inputs: {Service: ec2, Api: DescribeInstances}
            """;

    private final EngineFixture f = new EngineFixture();

    private void signalAt(Duration at, String executionId, Signal.Type type, String by) {
        f.scheduler.schedule(at, () -> f.store.signal(executionId, new Signal(type, Optional.empty(), by,
                Optional.of("ok by me"), f.scheduler.now())));
    }

    @Test
    void approveWaitsForTheSignalInTheStoreAndRecordsTheDecision() {
        Execution ex = f.start(APPROVE.formatted(1), Map.of());
        signalAt(Duration.ofMinutes(10), ex.id(), Signal.Type.Approve, "alice");
        f.scheduler.runFor(Duration.ofMinutes(5));
        assertThat(ex.status()).isEqualTo(Status.Waiting);
        assertThat(step(ex.record(), "approve").status()).isEqualTo(Status.Waiting);
        assertThat(f.store.load(ex.id()).orElseThrow().status()).isEqualTo(Status.Waiting);
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofDays(1));
        assertThat(r.status()).isEqualTo(Status.Success);
        var approve = step(r, "approve");
        assertThat(approve.outputs().get("ApprovalStatus").textValue()).isEqualTo("Approved");
        assertThat(approve.outputs().get("ApproverDecisions").get(0).path("Approver").textValue()).isEqualTo("alice");
        assertThat(approve.outputs().get("ApproverDecisions").get(0).path("Comment").textValue()).isEqualTo("ok by me");
        assertThat(approve.notes()).contains("waiting for 1 approval(s) from: alice, bob");
        assertThat(Duration.between(approve.start().get(), approve.end().get())).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(10).plusSeconds(1));
    }

    /** Long documents save step transitions in batches; an approval that waits is still in the store at once. */
    @Test
    void aLongDocumentsWaitingApprovalIsInTheStoreAtOnce() {
        StringBuilder doc = new StringBuilder("schemaVersion: '0.3'\nmainSteps:\n");
        for (int i = 0; i < 150; i++) doc.append("  - {name: s").append(i).append(", action: aws:sleep, inputs: {Duration: PT1S}}\n");
        doc.append("  - {name: approve, action: aws:approve, inputs: {Approvers: [alice], Message: go?}}\n");
        for (int i = 150; i < 300; i++) doc.append("  - {name: s").append(i).append(", action: aws:sleep, inputs: {Duration: PT1S}}\n");
        Execution ex = f.start(doc.toString(), Map.of());
        f.scheduler.runFor(Duration.ofMinutes(10));
        ExecutionRecord stored = f.store.load(ex.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(Status.Waiting);
        assertThat(step(stored, "approve").status()).isEqualTo(Status.Waiting);
        assertThat(step(stored, "s149").status()).isEqualTo(Status.Success);
        signalAt(Duration.ZERO, ex.id(), Signal.Type.Approve, "alice");
        f.scheduler.runFor(Duration.ofSeconds(1));
        assertThat(f.store.load(ex.id()).orElseThrow().status()).as("back in progress, saved at once").isEqualTo(Status.InProgress);
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofDays(1));
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(f.store.load(ex.id()).orElseThrow()).isEqualTo(r);
    }

    @Test
    void minRequiredApprovalsCountsDistinctApprovers() {
        Execution ex = f.start(APPROVE.formatted(2), Map.of());
        signalAt(Duration.ofMinutes(1), ex.id(), Signal.Type.Approve, "alice");
        signalAt(Duration.ofMinutes(2), ex.id(), Signal.Type.Approve, "alice");
        signalAt(Duration.ofMinutes(3), ex.id(), Signal.Type.Approve, "bob");
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofDays(1));
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(Duration.between(step(r, "approve").start().get(), step(r, "approve").end().get()))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void decision2ARejectionFailsTheStepAndTheRun() {
        Execution ex = f.start(APPROVE.formatted(1), Map.of());
        signalAt(Duration.ofMinutes(1), ex.id(), Signal.Type.Reject, "bob");
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofDays(1));
        assertThat(step(r, "approve").status()).isEqualTo(Status.Failed);
        assertThat(step(r, "approve").failureMessage()).contains("rejected by bob: ok by me");
        assertThat(step(r, "act").status()).isEqualTo(Status.Pending);
        assertThat(r.status()).isEqualTo(Status.Failed);
    }

    @Test
    void anUnansweredApprovalTimesOutAfterSevenDays() {
        ExecutionRecord r = f.run(APPROVE.formatted(1));
        assertThat(step(r, "approve").status()).isEqualTo(Status.TimedOut);
        assertThat(r.status()).isEqualTo(Status.TimedOut);
        assertThat(Duration.between(r.start().get(), r.end().get())).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void approveAllGrantsAtOnce() {
        EngineFixture auto = new EngineFixture(b -> b.decider(Decider.approveAll(new dev.fleetops.time.VirtualScheduler())));
        ExecutionRecord r = auto.run(APPROVE.formatted(2));
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(step(r, "approve").outputs().get("ApproverDecisions")).hasSize(2);
        assertThat(Duration.between(r.start().get(), step(r, "approve").end().get())).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void pauseResumesOnResume() {
        Execution ex = f.start("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: hold
                    action: aws:pause
                    inputs: {}
                  - name: act
                    action: aws:executeAwsApi
                    inputs: {Service: ec2, Api: DescribeInstances}
                """, Map.of());
        signalAt(Duration.ofMinutes(30), ex.id(), Signal.Type.Resume, "ops");
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofDays(1));
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(step(r, "hold").notes()).contains("resumed by ops");
    }

    @Test
    void aSignalFromAnotherProcessThroughTheFileStoreHoldsVirtualTimeUntilItArrives(@TempDir Path dir) throws Exception {
        ExecutionStore files = ExecutionStore.directory(dir);
        EngineFixture fx = new EngineFixture(b -> b.store(files));
        fx.engine = RunbookEngine.builder(fx.cloud).store(files).ssmDocuments(false)
                .decider(Decider.watching(files, fx.scheduler, Duration.ofMillis(20))).build();
        Execution ex = fx.engine.start(fx.engine.validator().validate("approve.yaml", """
                schemaVersion: '0.3'
                mainSteps:
                  - name: approve
                    action: aws:approve
                    inputs: {Approvers: [alice]}
                """), Map.of());
        Thread other = new Thread(() -> {
            try {
                Thread.sleep(300); // real time: the other process is a person typing fleetops resume
            } catch (InterruptedException e) {
                return;
            }
            ExecutionStore.directory(dir).signal(ex.id(), Signal.of(Signal.Type.Approve, "alice", java.time.Instant.now()));
        });
        other.start();
        ExecutionRecord r = fx.scheduler.await(ex.result(), Duration.ofDays(8));
        other.join();
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(Duration.between(r.start().get(), r.end().get())).as("virtual time held while waiting").isLessThan(Duration.ofSeconds(1));
        assertThat(files.load(ex.id()).orElseThrow().status()).isEqualTo(Status.Success);
    }
}

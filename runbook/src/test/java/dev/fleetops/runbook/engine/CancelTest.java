package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.fleetops.runbook.engine.EngineFixture.hang;
import static dev.fleetops.runbook.engine.EngineFixture.step;
import static org.assertj.core.api.Assertions.assertThat;

/** Cancellation and onCancel (AWS Systems Manager User Guide: Automation step properties, onCancel). */
class CancelTest {

    private final EngineFixture f = new EngineFixture();

    private static final String DOC = """
            schemaVersion: '0.3'
            mainSteps:
              - name: work
                action: aws:sleep
                inputs: {Duration: PT1H}
                onCancel: step:cleanup
              - name: more
                action: aws:executeAwsApi
                inputs: {Service: ec2, Api: DescribeInstances}
                isEnd: true
              - name: cleanup
                action: aws:executeAwsApi
                inputs: {Service: ec2, Api: DescribeInstances}
            """;

    @Test
    void cancelRunsTheOnCancelPathThenEndsCancelled() {
        Execution ex = f.start(DOC, Map.of());
        f.scheduler.runFor(Duration.ofMinutes(10));
        ex.cancel();
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofHours(1));
        assertThat(r.status()).isEqualTo(Status.Cancelled);
        assertThat(step(r, "work").status()).isEqualTo(Status.Cancelled);
        assertThat(step(r, "more").status()).isEqualTo(Status.Pending);
        assertThat(step(r, "cleanup").status()).isEqualTo(Status.Success);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("cancel path: running onCancel step cleanup"));
        assertThat(Duration.between(r.start().get(), r.end().get())).isEqualTo(Duration.ofMinutes(10).plusSeconds(1));
    }

    @Test
    void withoutOnCancelTheRunEndsCancelledAndLaterStepsStayPending() {
        Execution ex = f.start(DOC.replace("    onCancel: step:cleanup\n", ""), Map.of());
        f.scheduler.runFor(Duration.ofMinutes(1));
        assertThat(ex.status()).isEqualTo(Status.InProgress);
        ex.cancel();
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofHours(1));
        assertThat(r.status()).isEqualTo(Status.Cancelled);
        assertThat(step(r, "cleanup").status()).isEqualTo(Status.Pending);
    }

    @Test
    void theCancelPathRunsAtMostTwoMinutes() {
        f.scripts.put("cleanup", hang());
        Execution ex = f.start(DOC.replace("inputs: {Service: ec2, Api: DescribeInstances}\n\"\"\"", "")
                .replace("  - name: cleanup\n    action: aws:executeAwsApi\n    inputs: {Service: ec2, Api: DescribeInstances}\n",
                        "  - name: cleanup\n    action: aws:executeAwsApi\n    timeoutSeconds: 600\n    inputs: {Service: ec2, Api: DescribeInstances}\n"), Map.of());
        f.scheduler.runFor(Duration.ofMinutes(1));
        ex.cancel();
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofHours(1));
        assertThat(r.status()).isEqualTo(Status.Cancelled);
        assertThat(step(r, "cleanup").status()).isEqualTo(Status.Cancelled);
        assertThat(Duration.between(step(r, "cleanup").start().get(), step(r, "cleanup").end().get())).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void cancelWhileWaitingForApprovalEndsCancelled() {
        Execution ex = f.start("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: approve
                    action: aws:approve
                    inputs: {Approvers: [alice]}
                """, Map.of());
        f.scheduler.runFor(Duration.ofHours(1));
        assertThat(ex.status()).isEqualTo(Status.Waiting);
        ex.cancel();
        ExecutionRecord r = f.scheduler.await(ex.result(), Duration.ofHours(1));
        assertThat(r.status()).isEqualTo(Status.Cancelled);
        assertThat(step(r, "approve").status()).isEqualTo(Status.Cancelled);
    }
}

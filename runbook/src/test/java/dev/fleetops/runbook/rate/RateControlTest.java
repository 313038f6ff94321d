package dev.fleetops.runbook.rate;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.action.control.Decision;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Rate-controlled runs, (AWS Systems Manager User Guide: Running automations with rate control), against a fake engine on virtual time. */
class RateControlTest {

    final VirtualScheduler scheduler = new VirtualScheduler();
    int ids;

    RateControl control(FakeRunner runner) {
        return new RateControl(scheduler, runner, () -> "parent-" + (++ids));
    }

    static List<String> instances(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> String.format("i-%017d", i)).toList();
    }

    static String t(int i) {
        return String.format("i-%017d", i);
    }

    ExecutionRecord run(FakeRunner runner, List<String> targets, String concurrency, String errors) {
        var request = RateControlRequest.of("RebootInstanceGraceful", java.util.Set.of("InstanceId", "TargetGroupArn"),
                Map.of("TargetGroupArn", List.of("arn:tg")), String.join(",", targets), "InstanceId", concurrency, errors);
        var run = control(runner).start(RateControl.plan(request, targets));
        return scheduler.await(run.record(), Duration.ofDays(1));
    }

    @Test
    void thirtyInstancesTenPercentOneErrorStopsAfterTheSecondErrorAndReportsTheRestNotStarted() {
        // Every child takes 10 min. i4 fails 5 min in (error 1: allowed), i8 fails 3 min in (error 2 > 1: stop),
        // i9, already running when the threshold is crossed, finishes and fails too.
        FakeRunner runner = new FakeRunner(scheduler, "InstanceId", Duration.ofMinutes(10))
                .fails(t(4), Duration.ofMinutes(5))
                .fails(t(8), Duration.ofMinutes(3))
                .fails(t(9), Duration.ofMinutes(10));
        ExecutionRecord parent = run(runner, instances(30), "10%", "1");

        // Ramp 1, 2, 3 (10% of 30): the second child waits for the first to COMPLETE.
        assertThat(runner.starts).containsExactly(
                "00:00 " + t(1),
                "10:00 " + t(2), "10:00 " + t(3),          // t1 done -> window 2
                "20:00 " + t(4), "20:00 " + t(5),          // t2 done -> window 3 (cap): two free slots
                "20:00 " + t(6),                           // t3 done (same instant)
                "25:00 " + t(7),                           // t4 failed: error 1 of 1 allowed, go on
                "30:00 " + t(8), "30:00 " + t(9));         // t5, t6 done
        assertThat(runner.maxInFlight).isEqualTo(3);
        assertThat(runner.ends).containsExactly(
                "10:00 " + t(1) + " Success",
                "20:00 " + t(2) + " Success", "20:00 " + t(3) + " Success",
                "25:00 " + t(4) + " Failed",
                "30:00 " + t(5) + " Success", "30:00 " + t(6) + " Success",
                "33:00 " + t(8) + " Failed",               // error 2 > 1: nothing starts after this
                "35:00 " + t(7) + " Success",              // in flight: finishes
                "40:00 " + t(9) + " Failed");              // in flight: finishes, and fails too

        assertThat(parent.status()).isEqualTo(Status.Failed);
        assertThat(parent.end()).contains(scheduler.now()); // the parent ends with its last in-flight child
        assertThat(scheduler.elapsed()).isEqualTo(Duration.ofMinutes(40));
        assertThat(parent.failureMessage()).contains("3 of 30 target(s) failed, more than MaxErrors 1 allows (1); "
                + "21 not started: stopped starting targets after error 2 (MaxErrors 1 allows 1)");
        assertThat(parent.outputs().get("Concurrency").asInt()).isEqualTo(3);
        assertThat(parent.outputs().get("AllowedErrors").asInt()).isEqualTo(1);
        assertThat(parent.outputs().get("ErrorCount").asInt()).isEqualTo(3);
        List<String> notStarted = new ArrayList<>();
        parent.outputs().get("NotStartedTargets").forEach(n -> notStarted.add(n.asText()));
        assertThat(notStarted).isEqualTo(instances(30).subList(9, 30));

        // One step per target, in target order, StepName = the target, with the child attached.
        assertThat(parent.steps()).hasSize(30);
        assertThat(parent.steps()).extracting(StepRecord::stepName).isEqualTo(instances(30));
        assertThat(parent.steps()).extracting(StepRecord::action).containsOnly("aws:executeAutomation");
        assertThat(parent.steps().subList(0, 9)).extracting(StepRecord::stepName, StepRecord::status)
                .containsExactly(tuple(t(1), Status.Success), tuple(t(2), Status.Success), tuple(t(3), Status.Success),
                        tuple(t(4), Status.Failed), tuple(t(5), Status.Success), tuple(t(6), Status.Success),
                        tuple(t(7), Status.Success), tuple(t(8), Status.Failed), tuple(t(9), Status.Failed));
        StepRecord fourth = parent.steps().get(3);
        assertThat(fourth.children()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Status.Failed);
            assertThat(c.parameters()).containsEntry("InstanceId", List.of(t(4)))
                    .containsEntry("TargetGroupArn", List.of("arn:tg"));
        });
        assertThat(fourth.failureMessage()).contains("step Reboot Failed");
        assertThat(fourth.start()).contains(VirtualScheduler.DEFAULT_START.plus(Duration.ofMinutes(20)));
        assertThat(fourth.end()).contains(VirtualScheduler.DEFAULT_START.plus(Duration.ofMinutes(25)));
        StepRecord tenth = parent.steps().get(9);
        assertThat(tenth.status()).isEqualTo(Status.Cancelled);
        assertThat(tenth.notes()).containsExactly("not started");
        assertThat(tenth.start()).isEmpty();
        assertThat(tenth.children()).isEmpty();
        assertThat(tenth.failureMessage()).contains("not started: stopped starting targets after error 2 (MaxErrors 1 allows 1)");
    }

    @Test
    void allSucceedingEndsSuccessAndRampsOneTwoFourUpToTheConcurrency() {
        FakeRunner runner = new FakeRunner(scheduler, "InstanceId", Duration.ofMinutes(1));
        ExecutionRecord parent = run(runner, instances(12), "5", "0");
        assertThat(parent.status()).isEqualTo(Status.Success);
        assertThat(parent.failureMessage()).isEmpty();
        assertThat(runner.starts).containsExactly(
                "00:00 " + t(1),
                "01:00 " + t(2), "01:00 " + t(3),
                "02:00 " + t(4), "02:00 " + t(5), "02:00 " + t(6), "02:00 " + t(7), "02:00 " + t(8),
                "03:00 " + t(9), "03:00 " + t(10), "03:00 " + t(11), "03:00 " + t(12));
        assertThat(runner.maxInFlight).isEqualTo(5);
        assertThat(parent.steps()).extracting(StepRecord::status).containsOnly(Status.Success);
    }

    @Test
    void errorsWithinMaxErrorsLetTheRunGoOnButTheParentFails() {
        FakeRunner runner = new FakeRunner(scheduler, "InstanceId", Duration.ofMinutes(1))
                .fails(t(2), Duration.ofMinutes(1));
        ExecutionRecord parent = run(runner, instances(4), "1", "25%"); // floor(25% of 4) = 1 error allowed
        assertThat(runner.starts).hasSize(4);
        assertThat(parent.status()).isEqualTo(Status.Failed);
        assertThat(parent.failureMessage()).contains("1 of 4 target(s) failed (within MaxErrors 25%)");
        assertThat(parent.outputs().get("NotStartedTargets")).isEmpty();
    }

    @Test
    void maxErrorsZeroWithConcurrencyOneStopsAtTheFirstFailure() {
        FakeRunner runner = new FakeRunner(scheduler, "InstanceId", Duration.ofMinutes(2))
                .fails(t(2), Duration.ofMinutes(1));
        ExecutionRecord parent = run(runner, instances(5), "1", "0");
        assertThat(runner.starts).containsExactly("00:00 " + t(1), "02:00 " + t(2));
        assertThat(parent.steps()).extracting(StepRecord::status).containsExactly(Status.Success, Status.Failed,
                Status.Cancelled, Status.Cancelled, Status.Cancelled);
        assertThat(parent.outputs().get("NotStartedTargets").size()).isEqualTo(3);
    }

    @Test
    void percentagesRoundDownAndConcurrencyIsAtLeastOne() {
        RateLimits l = new RateLimits("10%", "10%");
        assertThat(l.concurrency(30)).isEqualTo(3);
        assertThat(l.allowedErrors(30)).isEqualTo(3);
        assertThat(l.concurrency(5)).isEqualTo(1);     // floor(0.5) = 0 -> 1
        assertThat(l.allowedErrors(5)).isZero();        // floor(0.5) = 0: the first error stops it
        assertThat(l.allowedErrors(50)).isEqualTo(5);   // 10% of 50: stop at the 6th error (SendCommand's text)
        assertThat(new RateLimits("100%", "0%").concurrency(7)).isEqualTo(7);
        assertThat(new RateLimits("25", "3").concurrency(7)).isEqualTo(25);
    }

    @Test
    void aChildThatCannotStartCountsAsAnError() {
        FakeRunner runner = new FakeRunner(scheduler, "InstanceId", Duration.ofMinutes(1))
                .cannotStart(t(1), "document RebootInstanceGraceful: InstanceId: not an instance id");
        ExecutionRecord parent = run(runner, instances(3), "1", "0");
        assertThat(parent.steps().get(0).status()).isEqualTo(Status.Failed);
        assertThat(parent.steps().get(0).failureMessage())
                .contains("the child run could not start: document RebootInstanceGraceful: InstanceId: not an instance id");
        assertThat(parent.steps()).extracting(StepRecord::status)
                .containsExactly(Status.Failed, Status.Cancelled, Status.Cancelled);
        assertThat(runner.starts).isEmpty();
    }

    @Test
    void stopStartingFromOutsideLetsInFlightChildrenFinishAndCancelsTheParent() {
        FakeRunner runner = new FakeRunner(scheduler, "InstanceId", Duration.ofMinutes(10));
        var request = RateControlRequest.of("Doc", java.util.Set.of("InstanceId"), Map.of(),
                String.join(",", instances(6)), "InstanceId", "2", "0");
        RateControlledRun run = control(runner).start(RateControl.plan(request, instances(6)));
        scheduler.runFor(Duration.ofMinutes(15)); // t1 done at 10; t2, t3 running
        run.stopStarting("the maintenance window's cutoff was reached");
        ExecutionRecord parent = scheduler.await(run.record(), Duration.ofHours(1));
        assertThat(runner.ends).containsExactly("10:00 " + t(1) + " Success", "20:00 " + t(2) + " Success",
                "20:00 " + t(3) + " Success");
        assertThat(parent.status()).isEqualTo(Status.Cancelled);
        assertThat(parent.failureMessage()).contains("0 of 6 target(s) failed; 3 not started: the maintenance window's cutoff was reached");
    }
}

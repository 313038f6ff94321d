package dev.fleetops.bench;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.waiters.Backoff;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The maintenance benchmark at 50 instances: keeps examples/runbooks/RebootInstanceGracefulAtScale.yaml working
 * under rate control and traffic, and the lower bound honest.
 */
class MaintenanceBenchmarkTest {

    static final Path RUNBOOKS = Path.of("..", "examples", "runbooks");

    @Test
    void fiftyInstancesAtTenPercentAllSucceedWithNoServerErrorUnderTraffic() {
        var o = MaintenanceBenchmark.measure(50, "10%", RUNBOOKS, Backoff.runbookDefault(), new PrintWriter(new StringWriter()));
        ExecutionRecord parent = o.parent();
        assertThat(parent.status()).as(parent.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(o.children()).isEqualTo(50);
        assertThat(o.successes()).isEqualTo(50);
        assertThat(o.requests()).isGreaterThan(0);
        assertThat(o.serverErrors()).isZero();
        assertThat(parent.outputs().get("Concurrency").asInt()).isEqualTo(5);
        // every child went through the whole graceful sequence
        ExecutionRecord child = parent.steps().get(0).children().get(0);
        assertThat(child.steps()).extracting(StepRecord::stepName).containsExactly("AssertInstanceIsHealthyTarget",
                "AssertNoUnhealthyTargetBefore", "DeregisterInstanceFromTargetGroup", "WaitForDeregisteredTarget",
                "AssertTargetIsDeregistered", "RebootWithHealthcheck", "RegisterTarget", "WaitForHealthyTarget",
                "AssertNoUnhealthyTargetAfter");
        assertThat(child.steps()).extracting(StepRecord::status).containsOnly(Status.Success);
        // no run can beat the bound; the makespan is reported against it
        assertThat(o.makespanSeconds()).isGreaterThanOrEqualTo(o.bound().seconds());
    }

    @Test
    void sharedReadsMakeFewerCallsForTheSameOutcome() {
        var quiet = new PrintWriter(new StringWriter());
        var shared = MaintenanceBenchmark.measure(50, "10%", RUNBOOKS, Backoff.runbookDefault(),
                dev.fleetops.cloud.api.ReadCoalescer.DEFAULT_TICK, null, quiet);
        var alone = MaintenanceBenchmark.measure(50, "10%", RUNBOOKS, Backoff.runbookDefault(), null, null, quiet);
        assertThat(shared.successes()).isEqualTo(50);
        assertThat(alone.successes()).isEqualTo(50);
        assertThat(shared.apiCalls()).as("shared reads").isLessThan(alone.apiCalls());
        assertThat(shared.byOperation().get("ssm:ListCommandInvocations")).as("command status shared")
                .isLessThan(alone.byOperation().get("ssm:ListCommandInvocations"));
        assertThat(shared.byOperation()).doesNotContainKey("ssm:ListCommands");
        assertThat(shared.byOperation().get("ssm:SendCommand")).isEqualTo(100L);
        assertThat(shared.makespanSeconds()).as("waits poll every tick").isLessThan(alone.makespanSeconds());
    }

    @Test
    void theBoundCountsRateControlsRampThenFullWaves() {
        // window 1, then 2, then 8 (doubling per completion), then the concurrency
        assertThat(MaintenanceBound.rounds(1, 100)).isEqualTo(1);
        assertThat(MaintenanceBound.rounds(3, 100)).isEqualTo(2);
        assertThat(MaintenanceBound.rounds(11, 100)).isEqualTo(3);
        assertThat(MaintenanceBound.rounds(111, 100)).isEqualTo(4);
        assertThat(MaintenanceBound.rounds(1000, 100)).isEqualTo(3 + 10);
        assertThat(MaintenanceBound.rounds(10, 1)).isEqualTo(10);
    }
}

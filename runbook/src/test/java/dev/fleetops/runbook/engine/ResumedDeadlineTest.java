package dev.fleetops.runbook.engine;

import dev.fleetops.testing.DyingProcess;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wait re-entered after a crash continues against the deadline it had when it first began, in virtual time: the
 * process dies two minutes into the wait, recovery starts five minutes later, and the step ends when it would
 * have without the crash, not a full timeout after the recovery.
 */
class ResumedDeadlineTest {

    @TempDir
    Path store;

    final EngineFixture f = new EngineFixture();

    /** Runs {@code yaml} on a process that dies {@code crashAfter} in, then recovers it {@code downtime} later. */
    ExecutionRecord crashAndRecover(String yaml, Duration crashAfter, Duration downtime) {
        DyingProcess dying = new DyingProcess(f.scheduler);
        Journal journal = Journals.sqlite(store, dying, Runnable::run);
        RunbookEngine first = RunbookEngine.builder(dying.cloud(f.cloud)).ssmDocuments(false)
                .ids(ExecutionIds.seeded(3)).journal(journal, "host-a:1:1").build();
        Execution run = first.start(first.validator().validate("wait.yaml", yaml), Map.of());
        f.scheduler.runFor(crashAfter);
        dying.kill();
        journal.flush().toCompletableFuture().join();
        journal.close();
        assertThat(run.result().toCompletableFuture()).as("still running when the process died").isNotDone();
        f.scheduler.runFor(downtime);
        Journal again = Journals.sqlite(store, f.scheduler, Runnable::run);
        RunbookEngine second = RunbookEngine.builder(f.cloud).ssmDocuments(false).docs(docsWith(yaml))
                .journal(again, "host-b:2:2").build();
        List<Recovery.Outcome> recovered = CrashRecoveryTest.recover(second, again, f.scheduler, Duration.ofHours(3));
        again.close();
        return recovered.get(0).record().orElseThrow();
    }

    Path docsWith(String yaml) {
        try {
            Path dir = store.resolve("docs");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve("wait.yaml"), yaml);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aWaitForAPropertyThatNeverComesTimesOutAtItsOriginalDeadline() {
        Instant t0 = f.scheduler.now();
        ExecutionRecord r = crashAndRecover("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: waitStopped
                    action: aws:waitForAwsResourceProperty
                    timeoutSeconds: 600
                    inputs:
                      Service: ec2
                      Api: DescribeInstances
                      InstanceIds: [i-0123456789abcdef0]
                      PropertySelector: $.Reservations[0].Instances[0].State.Name
                      DesiredValues: [stopped]
                """, Duration.ofMinutes(2), Duration.ofMinutes(5));
        StepRecord wait = EngineFixture.step(r, "waitStopped");
        assertThat(wait.status()).isEqualTo(Status.TimedOut);
        assertThat(wait.end()).as("600 s after the wait first began, 3 min after the recovery")
                .contains(t0.plusSeconds(600));
        assertThat(wait.start()).contains(t0);
        assertThat(r.status()).isEqualTo(Status.TimedOut);
    }

    @Test
    void aSleepEndsWhenItWouldHaveEndedWithoutTheCrash() {
        Instant t0 = f.scheduler.now();
        ExecutionRecord r = crashAndRecover("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: nap
                    action: aws:sleep
                    inputs:
                      Duration: PT10M
                """, Duration.ofMinutes(2), Duration.ofMinutes(5));
        StepRecord nap = EngineFixture.step(r, "nap");
        assertThat(nap.status()).isEqualTo(Status.Success);
        assertThat(nap.end()).as("10 min after it first began").contains(t0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aWaitWhoseDeadlinePassedWhileTheProcessWasDownTimesOutAtOnce() {
        Instant t0 = f.scheduler.now();
        ExecutionRecord r = crashAndRecover("""
                schemaVersion: '0.3'
                mainSteps:
                  - name: nap
                    action: aws:sleep
                    timeoutSeconds: 300
                    inputs:
                      Duration: PT1H
                """, Duration.ofMinutes(2), Duration.ofMinutes(10));
        StepRecord nap = EngineFixture.step(r, "nap");
        assertThat(nap.status()).isEqualTo(Status.TimedOut);
        // at once, not a fresh 5 min timeout after the recovery
        assertThat(nap.end().orElseThrow()).as("recovered 12 min in, past its 5 min deadline")
                .isEqualTo(t0.plus(Duration.ofMinutes(12)));
    }
}

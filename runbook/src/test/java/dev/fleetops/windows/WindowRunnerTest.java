package dev.fleetops.windows;

import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.rate.TargetResolver;
import dev.fleetops.source.SourceReader;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** One occurrence of a window: priorities, cutoff, CutoffBehavior, pseudo parameters, statuses. */
class WindowRunnerTest {

    final VirtualScheduler scheduler = new VirtualScheduler(Instant.parse("2026-01-05T00:00:00Z"));
    final ScriptedRunner engine = new ScriptedRunner(scheduler);
    final SplittableRandom random = new SplittableRandom(1);
    final WindowRunner runner = new WindowRunner(scheduler, new TargetResolver(null), null, engine,
            () -> new UUID(random.nextLong(), random.nextLong()).toString());

    static MaintenanceWindow window(String yaml) {
        return WindowReader.read(SourceReader.read("w.yaml", yaml).asMap(), "w.yaml", Path.of("."));
    }

    static final String HEAD = """
            Name: nightly
            Schedule: cron(0 2 ? * * *)
            Duration: 2
            Cutoff: 1
            Targets:
              - Key: InstanceIds
                Values: [i-00000000000000001, i-00000000000000002]
            """;

    static String task(String name, int priority, String extra) {
        return "  - Name: " + name + "\n    TaskType: AUTOMATION\n    TaskArn: " + name + "\n    Priority: " + priority
                + "\n    MaxConcurrency: \"2\"\n    MaxErrors: \"0\"\n    Parameters:\n      InstanceId: \"{{ TARGET_ID }}\"\n" + extra;
    }

    WindowExecution run(MaintenanceWindow w) {
        return scheduler.await(runner.run(w, scheduler.now()), Duration.ofDays(1));
    }

    @Test
    void lowerPriorityNumbersRunFirstAndEqualPrioritiesRunInParallel() {
        engine.takes("C", Duration.ofMinutes(5)).takes("B", Duration.ofMinutes(10)).takes("D", Duration.ofMinutes(3));
        WindowExecution e = run(window(HEAD + "Tasks:\n" + task("A", 2, "") + task("B", 0, "") + task("C", 0, "")
                + task("D", 1, "")));
        // B and C (priority 0) together; D once both ended; A (2) last. Within a task the ramp is 1, then 2.
        assertThat(engine.log).containsExactly(
                "00:00 start B i-00000000000000001", "00:00 start C i-00000000000000001",
                "00:05 end C i-00000000000000001 Success", "00:05 start C i-00000000000000002",
                "00:10 end B i-00000000000000001 Success", "00:10 end C i-00000000000000002 Success",
                "00:10 start B i-00000000000000002",
                "00:20 end B i-00000000000000002 Success",
                "00:20 start D i-00000000000000001", "00:23 end D i-00000000000000001 Success",
                "00:23 start D i-00000000000000002", "00:26 end D i-00000000000000002 Success",
                "00:26 start A i-00000000000000001", "00:36 end A i-00000000000000001 Success",
                "00:36 start A i-00000000000000002", "00:46 end A i-00000000000000002 Success");
        assertThat(e.status()).isEqualTo(WindowStatus.SUCCESS);
        assertThat(e.tasks()).extracting(WindowExecution.Task::name, WindowExecution.Task::priority,
                WindowExecution.Task::status).containsExactly(tuple("B", 0, WindowStatus.SUCCESS),
                tuple("C", 0, WindowStatus.SUCCESS), tuple("D", 1, WindowStatus.SUCCESS), tuple("A", 2, WindowStatus.SUCCESS));
        assertThat(e.tasks().get(0).execution().get().steps()).extracting(StepRecord::stepName)
                .containsExactly("i-00000000000000001", "i-00000000000000002");
        assertThat(e.endTime()).contains(Instant.parse("2026-01-05T00:46:00Z"));
        assertThat(e.windowId()).matches("mw-0[0-9a-f]{16}");
        assertThat(e.windowExecutionId()).matches("[0-9a-f-]{36}");
    }

    @Test
    void noTaskStartsAfterStartPlusDurationMinusCutoff() {
        // Duration 2 h, Cutoff 1 h: the last start is at 01:00. P0 ends at 00:50, P1 starts and ends at 01:10,
        // P2 would start at 01:10: it does not.
        engine.takes("P0", Duration.ofMinutes(25)).takes("P1", Duration.ofMinutes(10)).takes("P2", Duration.ofMinutes(1));
        WindowExecution e = run(window(HEAD + "Tasks:\n" + task("P0", 0, "") + task("P1", 1, "") + task("P2", 2, "")));
        assertThat(engine.log).noneMatch(l -> l.contains("start P2"));
        assertThat(engine.log).contains("00:50 start P1 i-00000000000000001", "01:00 start P1 i-00000000000000002");
        assertThat(e.tasks()).extracting(WindowExecution.Task::name, WindowExecution.Task::status)
                .containsExactly(tuple("P0", WindowStatus.SUCCESS), tuple("P1", WindowStatus.SUCCESS),
                        tuple("P2", WindowStatus.CANCELLED));
        assertThat(e.tasks().get(2).statusDetails()).contains("not started: no task starts after the cutoff at "
                + "2026-01-05T01:00:00Z (start + Duration 2 h - Cutoff 1 h)");
        assertThat(e.status()).isEqualTo(WindowStatus.TIMED_OUT);
        assertThat(e.cutoffTime()).isEqualTo(Instant.parse("2026-01-05T01:00:00Z"));
    }

    static final String SIX = """
            Name: nightly
            Schedule: cron(0 2 ? * * *)
            Duration: 2
            Cutoff: 1
            Targets:
              - Key: InstanceIds
                Values: [i-00000000000000001, i-00000000000000002, i-00000000000000003, i-00000000000000004,
                         i-00000000000000005, i-00000000000000006]
            Tasks:
              - Name: Patch
                TaskType: AUTOMATION
                TaskArn: Patch
                MaxConcurrency: "1"
                MaxErrors: "0"
                Parameters:
                  InstanceId: "{{TARGET_ID}}"
            """;

    @Test
    void cancelTaskStopsStartingTargetsAtTheCutoffAndTheTaskTimesOut() {
        engine.takes("Patch", Duration.ofMinutes(20));
        WindowExecution e = run(window(SIX + "    CutoffBehavior: CANCEL_TASK\n"));
        // one at a time, 20 min each: 00:00, 00:20, 00:40; at 01:00 the cutoff stops the rest
        assertThat(engine.log).filteredOn(l -> l.contains("start")).containsExactly(
                "00:00 start Patch i-00000000000000001", "00:20 start Patch i-00000000000000002",
                "00:40 start Patch i-00000000000000003");
        WindowExecution.Task t = e.tasks().get(0);
        assertThat(t.status()).isEqualTo(WindowStatus.TIMED_OUT);
        assertThat(t.statusDetails().get()).startsWith("cutoff reached: 3 target(s) not started");
        assertThat(t.execution().get().steps()).extracting(StepRecord::status).containsExactly(Status.Success,
                Status.Success, Status.Success, Status.Cancelled, Status.Cancelled, Status.Cancelled);
        assertThat(e.status()).isEqualTo(WindowStatus.TIMED_OUT);
    }

    @Test
    void continueTaskKeepsGoingPastTheCutoffAndTheEndOfTheWindow() {
        engine.takes("Patch", Duration.ofMinutes(25));
        WindowExecution e = run(window(SIX + "    CutoffBehavior: CONTINUE_TASK\n"));
        assertThat(engine.log).filteredOn(l -> l.contains("start")).hasSize(6);
        assertThat(e.tasks().get(0).status()).isEqualTo(WindowStatus.SUCCESS);
        assertThat(e.status()).isEqualTo(WindowStatus.SUCCESS);
        assertThat(e.endTime()).contains(Instant.parse("2026-01-05T02:30:00Z")); // past the 2 h duration
    }

    @Test
    void aFailedTaskFailsTheWindowAndMaxErrorsStopsItsTargets() {
        engine.ends("Patch i-00000000000000002", Status.Failed);
        WindowExecution e = run(window(SIX));
        assertThat(engine.log).filteredOn(l -> l.contains("start")).hasSize(2);
        assertThat(e.tasks().get(0).status()).isEqualTo(WindowStatus.FAILED);
        assertThat(e.status()).isEqualTo(WindowStatus.FAILED);
        assertThat(e.statusDetails()).contains("Patch FAILED");
    }

    @Test
    void pseudoParametersAreFilledPerTarget() {
        WindowExecution e = run(window(HEAD + """
                Tasks:
                  - Name: Graceful
                    TaskType: AUTOMATION
                    TaskArn: Graceful
                    MaxConcurrency: "1"
                    MaxErrors: "0"
                    Parameters:
                      InstanceId: "{{ TARGET_ID }}"
                      Note: ["{{RESOURCE_ID}} in {{ WINDOW_ID }}/{{WINDOW_EXECUTION_ID}} ({{TARGET_TYPE}})"]
                      TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123456789abcdef
                """));
        assertThat(engine.parameters).hasSize(2);
        var first = engine.parameters.get(0);
        assertThat(first.get("InstanceId")).containsExactly("i-00000000000000001");
        assertThat(first.get("Note")).containsExactly("i-00000000000000001 in " + e.windowId() + "/"
                + e.windowExecutionId() + " (INSTANCE)");
        assertThat(first.get("TargetGroupArn")).containsExactly(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123456789abcdef");
        assertThat(engine.parameters.get(1).get("InstanceId")).containsExactly("i-00000000000000002");
    }

    @Test
    void theScheduleFiresOccurrencesInVirtualTimeAndSkipsOverlaps() {
        List<WindowExecution> seen = new ArrayList<>();
        engine.takes("Slow", Duration.ofMinutes(80));
        MaintenanceWindow w = window("""
                Name: hourly
                Schedule: rate(1 hour)
                Duration: 2
                Cutoff: 0
                Targets:
                  - Key: InstanceIds
                    Values: [i-00000000000000001]
                Tasks:
                  - TaskType: AUTOMATION
                    TaskArn: Slow
                    MaxConcurrency: "1"
                    MaxErrors: "0"
                    Parameters:
                      InstanceId: "{{TARGET_ID}}"
                """);
        WindowSchedule schedule = new WindowSchedule(scheduler, runner, w, seen::add);
        assertThat(schedule.start()).contains(Instant.parse("2026-01-05T01:00:00Z"));
        scheduler.runFor(Duration.ofMinutes(250)); // fires at 01:00, 02:00 (overlaps), 03:00, 04:00 (overlaps)
        assertThat(seen).extracting(WindowExecution::scheduledTime, WindowExecution::status).containsExactly(
                tuple(Instant.parse("2026-01-05T02:00:00Z"), WindowStatus.SKIPPED_OVERLAPPING),
                tuple(Instant.parse("2026-01-05T01:00:00Z"), WindowStatus.SUCCESS),
                tuple(Instant.parse("2026-01-05T04:00:00Z"), WindowStatus.SKIPPED_OVERLAPPING));
        assertThat(schedule.running()).isTrue(); // 03:00's occurrence runs until 04:20
        scheduler.runFor(Duration.ofMinutes(30));
        assertThat(seen).extracting(WindowExecution::scheduledTime).last().isEqualTo(Instant.parse("2026-01-05T03:00:00Z"));
        assertThat(seen.get(1).endTime()).contains(Instant.parse("2026-01-05T02:20:00Z"));
        schedule.stop();
        scheduler.runFor(Duration.ofHours(5));
        assertThat(seen).hasSize(4);
    }

    @Test
    void aCronWindowInItsTimeZone() {
        List<WindowExecution> seen = new ArrayList<>();
        MaintenanceWindow w = window("""
                Name: la-tuesdays
                Schedule: cron(0 16 ? * TUE *)
                ScheduleTimezone: America/Los_Angeles
                Duration: 4
                Cutoff: 1
                Targets:
                  - Key: InstanceIds
                    Values: [i-00000000000000001]
                Tasks:
                  - TaskType: AUTOMATION
                    TaskArn: Patch
                    MaxConcurrency: "1"
                    MaxErrors: "0"
                """);
        new WindowSchedule(scheduler, runner, w, seen::add).start();
        scheduler.runFor(Duration.ofDays(14));
        assertThat(seen).extracting(WindowExecution::startTime)
                .containsExactly(Instant.parse("2026-01-07T00:00:00Z"), Instant.parse("2026-01-14T00:00:00Z"));
    }
}

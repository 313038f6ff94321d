package dev.fleetops.windows.onsim;

import dev.fleetops.execution.Status;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.OpenExecution;
import dev.fleetops.runbook.engine.ExecutionIds;
import dev.fleetops.runbook.engine.Recovery;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.runbook.engine.RunbookEvent;
import dev.fleetops.runbook.onsim.TargetGroupView;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.testing.DyingProcess;
import dev.fleetops.windows.MaintenanceWindow;
import dev.fleetops.windows.WindowExecution;
import dev.fleetops.windows.WindowJournal;
import dev.fleetops.windows.WindowReader;
import dev.fleetops.windows.WindowRecovery;
import dev.fleetops.windows.WindowRunner;
import dev.fleetops.windows.WindowSchedule;
import dev.fleetops.windows.WindowStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004's maintenance window (examples/windows/patch-web.yaml: the graceful reboot per web instance, MaxConcurrency
 * 1, MaxErrors 0) journaled as a window run, in virtual time, with a process "crash" at every step boundary of its
 * AUTOMATION task's children (the engine and the window runner abandoned, the journal closed), then a new engine on
 * the same store recovering: the window run is taken up (not reported skipped, nor its task's parent), its occurrence
 * ends SUCCESS, every instance ends healthy in its target group, and every mutating call was made once per instance,
 * counted at the simulator's API gate.
 */
class WindowCrashRecoveryTest {

    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    static final Path WINDOW = EXAMPLES.resolve("windows/patch-web.yaml");
    static final String TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/58feead327c6036f";
    static final List<String> MUTATING = List.of("elbv2:DeregisterTargets", "elbv2:RegisterTargets", "ssm:SendCommand");

    @TempDir
    Path stores;

    SimRegion region;

    @Test
    void aCrashAtEveryStepBoundaryOfAWindowRunIsRecoveredAndEveryMutatingCallIsMadeOnce() throws Exception {
        int boundaries = run(Integer.MAX_VALUE).boundariesSeen();
        assertThat(boundaries).as("step ends of three children and their own children").isGreaterThanOrEqualTo(3 * 3);
        for (int k = 1; k <= boundaries; k++) {
            Crashed c = run(k);
            assertThat(c.boundariesSeen()).isEqualTo(k);
            Journal store = Journals.sqlite(c.store(), region.scheduler(), Runnable::run);
            RunbookEngine engine = engine().journal(store, "host-b:2:2").build();
            List<Recovery.Outcome> runbooks = await(store, Recovery.recoverAll(engine, store, "host-b:2:2"));
            assertThat(runbooks).as("the task's parent resumes with its window, not on its own").isEmpty();
            List<OpenExecution> open = store.open().toCompletableFuture().join().stream()
                    .filter(x -> x.started().kind() == ExecutionKind.WINDOW).toList();
            assertThat(open).singleElement().satisfies(x -> assertThat(x.executionId()).isEqualTo(c.windowRunId()));
            WindowRecovery.Outcome o = await(store, WindowRecovery.recover(store, open.get(0), "host-b:2:2", region.cloud(),
                    engine, (plan, id, parent) -> Recovery.resumeParent(engine, plan, id, parent), ExecutionIds.random()::next));
            int crashAt = k;
            assertThat(o.skipped()).isEmpty();
            assertThat(o.executionId()).isEqualTo(c.windowRunId());
            assertThat(o.reports()).as("crash after boundary %d", crashAt).singleElement().satisfies(e -> {
                assertThat(e.status()).as("crash after boundary %d: %s", crashAt, e.statusDetails()).isEqualTo(WindowStatus.SUCCESS);
                assertThat(e.windowExecutionId()).isEqualTo(ExecutionIds.child(c.windowRunId(), 1));
                assertThat(e.targets()).containsExactlyInAnyOrderElementsOf(c.instances());
                WindowExecution.Task t = e.tasks().get(0);
                assertThat(t.taskExecutionId()).isEqualTo(ExecutionIds.child(e.windowExecutionId(), 1));
                t.execution().ifPresent(r -> assertThat(r.steps()).extracting(s -> s.stepName()).containsExactlyElementsOf(e.targets()));
            });
            assertThat(o.succeeded()).isTrue();
            for (String instance : c.instances()) {
                assertThat(health(instance)).as("%s after a crash at boundary %d", instance, k).isEqualTo(TargetHealthStateEnum.HEALTHY);
            }
            for (String op : MUTATING) {
                String[] p = op.split(":");
                assertThat(region.context().gate().calls(p[0], p[1]) - c.callsBefore().get(op))
                        .as("%s after a crash at boundary %d", op, k).isEqualTo(3L * (op.equals("ssm:SendCommand") ? 2 : 1));
            }
            assertThat(store.open().toCompletableFuture().join()).as("nothing left open").isEmpty();
            store.close();
        }
    }

    @Test
    void aWindowRunThatWasNotInterruptedEndsSuccessAndLeavesNothingOpen() throws Exception {
        Crashed c = run(Integer.MAX_VALUE);
        Journal store = Journals.sqlite(c.store(), region.scheduler(), Runnable::run);
        assertThat(store.open().toCompletableFuture().join()).isEmpty();
        var history = store.history(c.windowRunId()).toCompletableFuture().join();
        assertThat(history.get(0).entry()).isInstanceOfSatisfying(dev.fleetops.journal.Entry.Started.class, s -> {
            assertThat(s.kind()).isEqualTo(ExecutionKind.WINDOW);
            assertThat(s.runs()).isEqualTo("patch-web");
        });
        assertThat(history.get(history.size() - 1).entry()).isInstanceOfSatisfying(dev.fleetops.journal.Entry.Ended.class,
                e -> assertThat(e.status()).isEqualTo(Status.Success));
        assertThat(history).extracting(r -> r.entry() instanceof dev.fleetops.journal.Entry.StepResult s ? s.step() + " " + s.status() : r.entry().type())
                .containsExactly("started", "occurrence 1 InProgress", "occurrence 1/patch-with-healthcheck InProgress",
                        "occurrence 1/patch-with-healthcheck Success", "occurrence 1 Success", "ended");
        store.close();
    }

    @Test
    void aRunCommandTaskInterruptedAfterItsSendCommandIsFollowedByItsMarkerNotSentAgain() throws Exception {
        region = Scenarios.start(Scenarios.load("web", Map.of()), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        long sendsBefore = region.context().gate().calls("ssm", "SendCommand");
        Path store = Files.createTempDirectory(stores, "store");
        DyingProcess dying = new DyingProcess(region.scheduler());
        Journal journal = Journals.sqlite(store, dying, Runnable::run);
        Path file = EXAMPLES.resolve("windows/healthcheck-web.yaml");
        String content = Files.readString(file);
        MaintenanceWindow w = WindowReader.parse(file.toString(), content, file.getParent());
        String id = "1f0e0d0c-0b0a-4908-8706-050403020100";
        WindowJournal wj = WindowJournal.begin(journal, id, "host-a:1:1", dying, w.name(), file.toString(), content,
                file.getParent().toString(), Optional.empty()).toCompletableFuture().join();
        RunbookEngine unused = engine().build(); // RUN_COMMAND tasks run no runbook
        WindowRunner runner = WindowRunner.on(dying.cloud(region.cloud()), unused, ExecutionIds.random()::next)
                .journaled(wj, (plan, tid, parent) -> Recovery.resumeParent(unused, plan, tid, parent), 0);
        List<WindowExecution> reports = new ArrayList<>();
        new WindowSchedule(dying, runner, w, reports::add).start();
        // killed once SSM acted on the SendCommand, before its answer reached the task
        region.scheduler().runUntil(() -> region.context().gate().calls("ssm", "SendCommand") > sendsBefore, Duration.ofDays(2));
        dying.kill();
        journal.close();
        assertThat(reports).isEmpty();
        region.scheduler().runFor(Duration.ofSeconds(31)); // the dead owner's lease expires

        Journal again = Journals.sqlite(store, region.scheduler(), Runnable::run);
        RunbookEngine engine = engine().journal(again, "host-b:2:2").build();
        OpenExecution open = again.open().toCompletableFuture().join().get(0);
        WindowRecovery.Outcome o = await(again, WindowRecovery.recover(again, open, "host-b:2:2", region.cloud(), engine,
                (plan, tid, parent) -> Recovery.resumeParent(engine, plan, tid, parent), ExecutionIds.random()::next));
        assertThat(o.reports()).singleElement().satisfies(e -> {
            assertThat(e.status()).as(String.valueOf(e.statusDetails())).isEqualTo(WindowStatus.SUCCESS);
            assertThat(e.tasks().get(0).execution().orElseThrow().steps()).hasSize(3);
        });
        assertThat(region.context().gate().calls("ssm", "SendCommand") - sendsBefore).as("the one command, followed").isEqualTo(1);
        assertThat(again.open().toCompletableFuture().join()).isEmpty();
        again.close();
    }

    record Crashed(Path store, String windowRunId, List<String> instances, int boundariesSeen, Map<String, Long> callsBefore) { }

    /** A fresh web region; the journaled window run (until its first occurrence ends), abandoned after {@code crashAt} step ends. */
    Crashed run(int crashAt) throws Exception {
        region = Scenarios.start(Scenarios.load("web", Map.of()), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        Map<String, Long> before = new HashMap<>();
        for (String op : MUTATING) {
            String[] p = op.split(":");
            before.put(op, region.context().gate().calls(p[0], p[1]));
        }
        List<String> instances = targets().stream().map(t -> t.target().id()).toList();
        Path store = Files.createTempDirectory(stores, "store");
        DyingProcess dying = new DyingProcess(region.scheduler());
        Journal journal = Journals.sqlite(store, dying, Runnable::run);
        AtomicInteger ends = new AtomicInteger();
        RunbookEngine engine = RunbookEngine.builder(dying.cloud(region.cloud()))
                .docs(EXAMPLES.resolve("runbooks")).ssmDocuments(false).ids(ExecutionIds.seeded(7)).journal(journal, "host-a:1:1")
                .onEvent(e -> {
                    if (!dying.killed() && e instanceof RunbookEvent.StepEnded && ends.incrementAndGet() == crashAt) dying.kill();
                }).build();
        String content = Files.readString(WINDOW);
        MaintenanceWindow w = WindowReader.parse(WINDOW.toString(), content, WINDOW.getParent());
        String id = "0f0e0d0c-0b0a-4908-8706-050403020100";
        WindowJournal wj = WindowJournal.begin(journal, id, "host-a:1:1", dying, w.name(), WINDOW.toString(), content,
                WINDOW.getParent().toString(), Optional.empty()).toCompletableFuture().join();
        WindowRunner runner = WindowRunner.on(dying.cloud(region.cloud()), engine, ExecutionIds.random()::next)
                .journaled(wj, (plan, tid, parent) -> Recovery.resumeParent(engine, plan, tid, parent), 0);
        List<WindowExecution> reports = new ArrayList<>();
        WindowSchedule schedule = new WindowSchedule(dying, runner, w, reports::add);
        schedule.start();
        region.scheduler().runUntil(() -> dying.killed() || !reports.isEmpty(), Duration.ofDays(8));
        if (!dying.killed()) {
            assertThat(reports.get(0).status()).as(String.valueOf(reports.get(0).statusDetails())).isEqualTo(WindowStatus.SUCCESS);
            wj.end(reports).toCompletableFuture().join();
        }
        journal.close();
        region.scheduler().runFor(Duration.ofSeconds(31)); // the dead owner's leases expire
        assertThat(instances).hasSize(3);
        return new Crashed(store, id, instances, ends.get(), before);
    }

    /** {@code stage} in virtual time; the journal holds the clock while its writer answers (see CrashRecoveryTest.recover). */
    <T> T await(Journal store, CompletionStage<T> stage) {
        return region.scheduler().await(stage, Duration.ofHours(10));
    }

    RunbookEngine.Builder engine() {
        return RunbookEngine.builder(region.cloud()).docs(EXAMPLES.resolve("runbooks")).ssmDocuments(false).ids(ExecutionIds.seeded(7));
    }

    List<TargetHealthDescription> targets() {
        return TargetGroupView.targets(region, TG);
    }

    TargetHealthStateEnum health(String instance) {
        return TargetGroupView.health(region, TG, instance);
    }

}

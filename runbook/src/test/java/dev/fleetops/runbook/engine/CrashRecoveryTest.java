package dev.fleetops.runbook.engine;

import dev.fleetops.testing.DyingProcess;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.runbook.onsim.TargetGroupView;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004's graceful reboot (examples/runbooks) on the web scenario, in virtual time, with a process "crash" at
 * every step boundary (the engine abandoned: none of its tasks runs again, its journal closed), then a new engine
 * on the same store and region recovering: the instance ends healthy in its target group, the record Success,
 * and every mutating call was made exactly once, counted at the simulator's API gate.
 */
class CrashRecoveryTest {

    static final Path EXAMPLES = Path.of("..", "examples");
    static final String TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/58feead327c6036f";
    static final List<String> MUTATING = List.of("elbv2:DeregisterTargets",
            "elbv2:RegisterTargets", "ssm:SendCommand");

    @TempDir
    Path docs;
    @TempDir
    Path stores;

    SimRegion region;

    @Test
    void aCrashAtEveryStepBoundaryIsRecoveredAndEveryMutatingCallIsMadeOnce() throws Exception {
        int boundaries = run(Integer.MAX_VALUE).boundariesSeen;
        assertThat(boundaries).as("step ends of the parent and its child").isGreaterThanOrEqualTo(10);
        for (int k = 1; k <= boundaries; k++) {
            int crashAt = k;
            Crashed c = run(k);
            assertThat(c.boundariesSeen).isEqualTo(k);
            Journal store = Journals.sqlite(c.store, region.scheduler(), Runnable::run);
            RunbookEngine engine = engine(region.cloud()).journal(store, "host-b:2:2").build();
            List<Recovery.Outcome> outcomes = recover(engine, store, region.scheduler(), Duration.ofHours(2));
            assertThat(outcomes).as("crash after boundary " + k).singleElement().satisfies(o -> {
                ExecutionRecord r = o.record().orElseThrow();
                assertThat(r.status()).as("crash after boundary %d: %s", crashAt, r.failureMessage().orElse("")).isEqualTo(Status.Success);
            });
            assertThat(health(c.instance)).as("crash after boundary " + k).isEqualTo(TargetHealthStateEnum.HEALTHY);
            for (String op : MUTATING) {
                String[] p = op.split(":");
                assertThat(region.context().gate().calls(p[0], p[1])).as("%s after a crash at boundary %d; calls %s", op, k, region.context().gate().calls())
                        .isEqualTo(c.callsBefore.get(op) + expected(op));
            }
            store.close();
        }
    }

    @Test
    void aCrashAfterDeregisterTargetsWasSentAndBeforeItsResultRepeatsOnlyThatIdempotentCall() throws Exception {
        Crashed c = run(e -> e instanceof RunbookEvent.ApiCalled a && a.call().operation().equals("DeregisterTargets"));
        Journal store = Journals.sqlite(c.store, region.scheduler(), Runnable::run);
        RunbookEngine engine = engine(region.cloud()).journal(store, "host-b:2:2").build();
        ExecutionRecord r = recover(engine, store, region.scheduler(), Duration.ofHours(2)).get(0).record().orElseThrow();
        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(health(c.instance)).isEqualTo(TargetHealthStateEnum.HEALTHY);
        assertThat(region.context().gate().calls("elbv2", "DeregisterTargets") - c.callsBefore.get("elbv2:DeregisterTargets"))
                .as("sent, then sent again by the interrupted step (idempotent by nature)").isEqualTo(2);
        assertThat(region.context().gate().calls("elbv2", "RegisterTargets") - c.callsBefore.get("elbv2:RegisterTargets")).isEqualTo(1);
        store.close();
    }

    /**
     * Recovers every open execution of {@code store} in virtual time. The journal holds the clock while its writer
     * thread answers (docs/journal.md, "Threads, durability and virtual time"), so the recovered runs begin at the
     * instant of the recovery, not at a timer a jump of the clock reached meanwhile.
     */
    static List<Recovery.Outcome> recover(RunbookEngine engine, Journal store, dev.fleetops.time.VirtualScheduler scheduler,
                                          Duration limit) {
        return scheduler.await(Recovery.recoverAll(engine, store, "host-b:2:2"), limit);
    }

    /** SendCommand is sent twice by the child (reboot, then the health check); the others once. */
    static long expected(String op) {
        return op.equals("ssm:SendCommand") ? 2 : 1;
    }

    record Crashed(Path store, String instance, int boundariesSeen, Map<String, Long> callsBefore) { }

    /** A fresh region; the graceful document on its first web instance, abandoned after {@code crashAt} step ends. */
    Crashed run(int crashAt) throws Exception {
        AtomicInteger ends = new AtomicInteger();
        Crashed c = run(e -> e instanceof RunbookEvent.StepEnded && ends.incrementAndGet() == crashAt);
        return new Crashed(c.store, c.instance, ends.get(), c.callsBefore);
    }

    /** As {@link #run(int)}, abandoned at the first event {@code crash} accepts. */
    Crashed run(java.util.function.Predicate<RunbookEvent> crash) throws Exception {
        Files.copy(EXAMPLES.resolve("runbooks/RebootWithHealthcheck.yaml"), docs.resolve("RebootWithHealthcheck.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(EXAMPLES.resolve("runbooks/RebootInstanceGraceful.yaml"), docs.resolve("RebootInstanceGraceful.yaml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        region = Scenarios.start(Scenarios.load("web", Map.of()), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        Map<String, Long> before = new java.util.HashMap<>();
        for (String op : MUTATING) {
            String[] p = op.split(":");
            before.put(op, region.context().gate().calls(p[0], p[1]));
        }
        String instance = targets().get(0).target().id();
        Path store = Files.createTempDirectory(stores, "store");
        DyingProcess dying = new DyingProcess(region.scheduler());
        Journal journal = Journals.sqlite(store, dying, Runnable::run);
        RunbookEngine engine = engine(dying.cloud(region.cloud())).journal(journal, "host-a:1:1")
                .onEvent(e -> {
                    if (!dying.killed() && crash.test(e)) dying.kill();
                }).build();
        CompletionStage<ExecutionRecord> result = engine.run("RebootInstanceGraceful",
                Map.of("InstanceId", List.of(instance), "TargetGroupArn", List.of(TG)));
        region.scheduler().runUntil(() -> dying.killed() || result.toCompletableFuture().isDone(), Duration.ofHours(2));
        journal.close();
        if (!dying.killed()) {
            assertThat(result.toCompletableFuture().join().status()).isEqualTo(Status.Success);
        }
        region.scheduler().runFor(Duration.ofSeconds(31)); // the dead owner's lease expires
        return new Crashed(store, instance, 0, before);
    }

    RunbookEngine.Builder engine(Cloud cloud) {
        return RunbookEngine.builder(cloud).docs(docs).ssmDocuments(false).ids(ExecutionIds.seeded(7));
    }

    List<TargetHealthDescription> targets() {
        return TargetGroupView.targets(region, TG);
    }

    TargetHealthStateEnum health(String instance) {
        return TargetGroupView.health(region, TG, instance);
    }
}

package dev.fleetops.runbook.engine;

import dev.fleetops.testing.DyingProcess;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateControlRequest;
import dev.fleetops.runbook.onsim.TargetGroupView;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rate-controlled run (MaxConcurrency 1, MaxErrors 0) of seed 004's graceful reboot over ten instances behind the
 * ALB, in virtual time, with a process "crash" at every step boundary of every child (the engine abandoned, its
 * journal closed), then a new engine on the same store recovering the parent: every instance ends healthy in its
 * target group, the parent's record is Success with one Success child per target, and every mutating call was
 * made exactly once per instance, counted at the simulator's API gate. Concurrency 1 keeps every boundary one where
 * no other child has a call in flight (a call interrupted in flight is sent again: docs/recovery.md).
 */
class RateControlledCrashRecoveryTest {

    static final int INSTANCES = 10;

    @TempDir
    Path docs;
    @TempDir
    Path stores;

    SimRegion region;
    Path memory;

    /** The stores in memory when the machine has a tmpfs: a hundred and more journals, each fsynced per intent. */
    @org.junit.jupiter.api.BeforeEach
    void storesInMemory() throws Exception {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) memory = Files.createTempDirectory(shm, "fleetops-test");
    }

    @org.junit.jupiter.api.AfterEach
    void deleteStores() throws Exception {
        if (memory == null) return;
        try (var files = Files.walk(memory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void aCrashAtEveryStepBoundaryOfARateControlledRunIsRecoveredAndEveryMutatingCallIsMadeOnce() throws Exception {
        int boundaries = run(Integer.MAX_VALUE).boundariesSeen();
        assertThat(boundaries).as("step ends of ten children and their own children").isGreaterThanOrEqualTo(10 * INSTANCES);
        for (int k = 1; k <= boundaries; k++) {
            Crashed c = run(k);
            assertThat(c.boundariesSeen()).isEqualTo(k);
            Journal store = Journals.sqlite(c.store(), region.scheduler(), Runnable::run);
            RunbookEngine engine = engine().journal(store, "host-b:2:2").build();
            List<Recovery.Outcome> recovered = CrashRecoveryTest.recover(engine, store, region.scheduler(), Duration.ofHours(10));
            int crashAt = k;
            assertThat(recovered).as("crash after boundary " + k).singleElement().satisfies(o -> {
                ExecutionRecord r = o.record().orElseThrow();
                assertThat(r.status()).as("crash after boundary %d: %s", crashAt, r.failureMessage().orElse("")).isEqualTo(Status.Success);
                assertThat(r.id()).isEqualTo(c.parentId());
                assertThat(r.steps()).hasSize(INSTANCES).allSatisfy(s -> assertThat(s.status()).isEqualTo(Status.Success));
                assertThat(r.steps()).extracting(s -> s.stepName()).containsExactlyElementsOf(c.instances());
            });
            for (String instance : c.instances()) {
                assertThat(health(instance)).as("%s after a crash at boundary %d", instance, k).isEqualTo(TargetHealthStateEnum.HEALTHY);
            }
            for (String op : CrashRecoveryTest.MUTATING) {
                String[] p = op.split(":");
                assertThat(region.context().gate().calls(p[0], p[1]) - c.callsBefore().get(op))
                        .as("%s after a crash at boundary %d", op, k).isEqualTo(INSTANCES * CrashRecoveryTest.expected(op));
            }
            assertThat(store.open().toCompletableFuture().join()).as("nothing left open").isEmpty();
            store.close();
        }
    }

    record Crashed(Path store, String parentId, List<String> instances, int boundariesSeen, Map<String, Long> callsBefore) { }

    /** A fresh region of ten web instances; the rate-controlled run over them, abandoned after {@code crashAt} step ends. */
    Crashed run(int crashAt) throws Exception {
        for (String d : List.of("RebootWithHealthcheck.yaml", "RebootInstanceGraceful.yaml")) {
            Files.copy(CrashRecoveryTest.EXAMPLES.resolve("runbooks").resolve(d), docs.resolve(d), StandardCopyOption.REPLACE_EXISTING);
        }
        Path scenario = docs.resolve("web10.yaml");
        Files.writeString(scenario, Scenarios.builtinText("web").replace("max: 6", "max: " + INSTANCES));
        region = Scenarios.start(Scenarios.load(scenario.toString(), Map.of("size", String.valueOf(INSTANCES))), SimRegion.DEFAULT_SEED);
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        Map<String, Long> before = new HashMap<>();
        for (String op : CrashRecoveryTest.MUTATING) {
            String[] p = op.split(":");
            before.put(op, region.context().gate().calls(p[0], p[1]));
        }
        List<String> instances = targets().stream().map(t -> t.target().id()).sorted().toList();
        assertThat(instances).hasSize(INSTANCES);
        Path store = Files.createTempDirectory(memory != null ? memory : stores, "store");
        DyingProcess dying = new DyingProcess(region.scheduler());
        Journal journal = Journals.sqlite(store, dying, Runnable::run);
        AtomicInteger ends = new AtomicInteger();
        RunbookEngine engine = RunbookEngine.builder(dying.cloud(region.cloud()))
                .docs(docs).ssmDocuments(false).ids(ExecutionIds.seeded(7)).journal(journal, "host-a:1:1")
                .onEvent(e -> {
                    if (!dying.killed() && e instanceof RunbookEvent.StepEnded && ends.incrementAndGet() == crashAt) dying.kill();
                }).build();
        RateControlRequest request = RateControlRequest.of("RebootInstanceGraceful", Set.of("InstanceId", "TargetGroupArn"),
                Map.of("TargetGroupArn", List.of(CrashRecoveryTest.TG)), String.join(",", instances), "InstanceId", "1", "0");
        var run = engine.rateControl().start(RateControl.plan(request, instances));
        region.scheduler().runUntil(() -> dying.killed() || run.record().toCompletableFuture().isDone(), Duration.ofHours(10));
        journal.close();
        if (!dying.killed()) {
            ExecutionRecord r = run.record().toCompletableFuture().join();
            assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        }
        region.scheduler().runFor(Duration.ofSeconds(31)); // the dead owner's leases expire
        return new Crashed(store, run.id(), instances, ends.get(), before);
    }

    RunbookEngine.Builder engine() {
        return RunbookEngine.builder(region.cloud()).docs(docs).ssmDocuments(false).ids(ExecutionIds.seeded(7));
    }

    List<TargetHealthDescription> targets() {
        return TargetGroupView.targets(region, CrashRecoveryTest.TG);
    }

    TargetHealthStateEnum health(String instance) {
        return TargetGroupView.health(region, CrashRecoveryTest.TG, instance);
    }
}

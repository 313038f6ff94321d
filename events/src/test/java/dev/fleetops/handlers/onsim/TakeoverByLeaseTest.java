package dev.fleetops.handlers.onsim;

import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.Intake;
import dev.fleetops.events.IntakeEvent;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.Lease;
import dev.fleetops.journal.Leases;
import dev.fleetops.time.Scheduler;
import dev.fleetops.testing.DyingProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas on one journal and one set of idempotency keys (docs/handlers.md, "Taken over by lease"): replica A
 * dies mid-run (after it raised the group, while it waits for the replacement), no message is redelivered, and
 * replica B, scanning the journal's takeable leases every third of the lease ttl, continues A's run once its lease
 * expired, within ttl + one scan of the death; every mutating call is made once at the simulator's API gate, and
 * the event's key is completed, so the queue's later redelivery is a duplicate that does nothing.
 */
class TakeoverByLeaseTest {

    static final Duration SCAN = Leases.DEFAULT_TTL.dividedBy(3);

    @TempDir
    Path store;

    @Test
    void aDeadReplicasRunIsContinuedByAnotherWithinTheLeaseAndOneScan() {
        SpotFixture f = new SpotFixture(2, "30s");
        String victim = f.inService().get(0);
        int desiredBefore = f.group().desiredCapacity();
        IdempotencyStore keys = IdempotencyStores.inMemory(f.region.scheduler());
        DyingProcess dying = new DyingProcess(f.region.scheduler());
        Journal file = Journals.sqlite(store, f.region.scheduler(), Runnable::run);
        ProcessView journalA = new ProcessView(file, dying);
        ProcessView journalB = new ProcessView(file, new DyingProcess(f.region.scheduler()));
        Intake a = intake(dying.cloud(f.region.cloud()), journalA, keys, "host-a:1:1");
        Intake b = intake(f.region.cloud(), journalB, keys, "host-b:2:2");
        List<IntakeEvent.ExecutionRecovered> takenOver = new CopyOnWriteArrayList<>();
        b.events().onEvent(e -> {
            if (e instanceof IntakeEvent.ExecutionRecovered x) takenOver.add(x);
        });
        b.takeOverEvery(SCAN);
        // B's scans tick half a period out of step with A's renewals: a scan on B's tick alone would come ~5 s late
        f.region.scheduler().runFor(SCAN.dividedBy(2));
        Map<String, Long> before = mutating(f);

        CompletionStage<MessageFate> never = a.submit("sqs", JournaledHandlerRunTest.warning(f, victim));
        f.region.scheduler().runUntil(() -> f.region.context().gate().calls("autoscaling", "SetDesiredCapacity") == 1,
                Duration.ofMinutes(1));
        f.region.scheduler().runFor(Duration.ofSeconds(2)); // answered and journaled; the replacement takes 15 s
        dying.kill();
        Instant death = f.region.scheduler().now();
        Instant expiry = file.leases().held().toCompletableFuture().join().stream().filter(l -> l.owner().equals("host-a:1:1"))
                .map(Lease::expiresAt).min(Instant::compareTo).orElseThrow();

        // A renewed its lease at most a third of the ttl before it died: B's scans find nothing to take before then
        f.region.scheduler().runFor(Leases.DEFAULT_TTL.minus(SCAN).minusSeconds(1));
        assertThat(takenOver).as("taken over before the lease expired").isEmpty();
        f.region.scheduler().runUntil(() -> !takenOver.isEmpty() && !"InProgress".equals(takenOver.get(0).outcome())
                && journalB.open().toCompletableFuture().join().isEmpty(), Duration.ofMinutes(5));

        assertThat(journalB.takenOver()).as("leases B took from a dead owner").hasSize(1);
        Duration takeover = Duration.between(death, journalB.takenOver().get(0));
        assertThat(takeover).as("takeover time").isGreaterThan(Leases.DEFAULT_TTL.minus(SCAN))
                .isLessThanOrEqualTo(Leases.DEFAULT_TTL.plusSeconds(1));
        // B's scan was put at the dead lease's expiry, not at the next tick of its period
        assertThat(Duration.between(expiry, journalB.takenOver().get(0))).as("from the lease's expiry to its takeover")
                .isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(takenOver.get(0).outcome()).as(takenOver.get(0).detail()).isEqualTo("Success");
        assertThat(takenOver.get(0).detail()).contains("taken over by lease");
        assertThat(never.toCompletableFuture()).as("the dead replica never answered").isNotDone();
        Map<String, Long> made = delta(before, mutating(f));
        assertThat(made).as("mutating calls at the API gate").containsEntry("autoscaling:SetDesiredCapacity", 1L)
                .containsEntry("autoscaling:DetachInstances", 1L).allSatisfy((op, n) -> assertThat(n).as(op).isEqualTo(1L));
        assertThat(f.group().desiredCapacity()).isEqualTo(desiredBefore + 1);
        assertThat(f.inService()).doesNotContain(victim);

        // SQS redelivers the message A never deleted: the key is done, so it is deleted without acting
        MessageFate again = f.region.scheduler().await(b.submit("sqs", JournaledHandlerRunTest.warning(f, victim)),
                Duration.ofMinutes(1));
        HandlerRecord dup = ((MessageFate.Handled) again).records().get(0);
        assertThat(dup.status()).isEqualTo(Status.Success);
        assertThat(dup.notes()).anyMatch(n -> n.contains("was already handled by rule spot; nothing new done"));
        assertThat(delta(before, mutating(f))).isEqualTo(made);
        file.close();
    }

    /**
     * A dies after its handler finished and the event's key was completed, before the run's end was durable: the
     * run is open in the journal, its lease takeable. B ends it without running the handler again, and no later
     * scan lists it.
     */
    @Test
    void aRunWhoseEventIsDoneButWhoseEndWasNeverWrittenIsEndedWithoutActingAgain() {
        SpotFixture f = new SpotFixture(2, "30s");
        String victim = f.inService().get(0);
        IdempotencyStore keys = IdempotencyStores.inMemory(f.region.scheduler());
        DyingProcess dying = new DyingProcess(f.region.scheduler());
        Journal file = Journals.sqlite(store, f.region.scheduler(), Runnable::run);
        ProcessView journalA = new ProcessView(file, dying, new CopyOnWriteArrayList<>(), true);
        ProcessView journalB = new ProcessView(file, new DyingProcess(f.region.scheduler()));
        Intake a = intake(dying.cloud(f.region.cloud()), journalA, keys, "host-a:1:1");
        Intake b = intake(f.region.cloud(), journalB, keys, "host-b:2:2");
        List<IntakeEvent.ExecutionRecovered> takenOver = new CopyOnWriteArrayList<>();
        b.events().onEvent(e -> {
            if (e instanceof IntakeEvent.ExecutionRecovered x) takenOver.add(x);
        });
        b.takeOverEvery(SCAN);
        Map<String, Long> before = mutating(f);

        a.submit("sqs", JournaledHandlerRunTest.warning(f, victim));
        f.region.scheduler().runUntil(dying::killed, Duration.ofMinutes(5));
        Map<String, Long> made = delta(before, mutating(f));
        assertThat(file.open().toCompletableFuture().join()).as("the run A never ended").hasSize(1);

        f.region.scheduler().runFor(Leases.DEFAULT_TTL.plus(SCAN));
        assertThat(takenOver).singleElement().satisfies(x -> assertThat(x.outcome()).isEqualTo("Success"));
        assertThat(file.open().toCompletableFuture().join()).as("ended by B").isEmpty();
        assertThat(delta(before, mutating(f))).as("nothing sent again").isEqualTo(made);
        f.region.scheduler().runFor(Leases.DEFAULT_TTL.multipliedBy(2));
        assertThat(takenOver).as("no scan lists it again").hasSize(1);
        file.close();
    }

    @Test
    void aLiveReplicasRunIsNotTakenOver() {
        SpotFixture f = new SpotFixture(2, "30s");
        String victim = f.inService().get(0);
        IdempotencyStore keys = IdempotencyStores.inMemory(f.region.scheduler());
        Journal file = Journals.sqlite(store, f.region.scheduler(), Runnable::run);
        ProcessView journalA = new ProcessView(file, new DyingProcess(f.region.scheduler()));
        ProcessView journalB = new ProcessView(file, new DyingProcess(f.region.scheduler()));
        Intake a = intake(f.region.cloud(), journalA, keys, "host-a:1:1");
        Intake b = intake(f.region.cloud(), journalB, keys, "host-b:2:2");
        List<IntakeEvent.ExecutionRecovered> takenOver = new CopyOnWriteArrayList<>();
        b.events().onEvent(e -> {
            if (e instanceof IntakeEvent.ExecutionRecovered x) takenOver.add(x);
        });
        b.takeOverEvery(SCAN);

        MessageFate fate = f.region.scheduler().await(a.submit("sqs", JournaledHandlerRunTest.warning(f, victim)),
                Duration.ofMinutes(10));

        assertThat(((MessageFate.Handled) fate).records().get(0).status()).isEqualTo(Status.Success);
        f.region.scheduler().runFor(Leases.DEFAULT_TTL.multipliedBy(2));
        assertThat(takenOver).as("B took nothing from a live replica, and nothing after it ended").isEmpty();
        assertThat(journalB.takenOver()).isEmpty();
        assertThat(f.region.context().gate().calls("autoscaling", "DetachInstances")).isEqualTo(1);
        file.close();
    }

    /**
     * Replica A's view of the one journal file (SQLite holds one writer per file, so both replicas of this test write
     * through one store): everything goes to the store, but A's lease heartbeats run on A's scheduler, so they stop
     * when A dies, as a dead process's would. It notes when this replica took a lease over from another owner.
     */
    record ProcessView(Journal store, DyingProcess process, List<Instant> takenOver, boolean diesBeforeAnEnd) implements Journal {
        ProcessView(Journal store, DyingProcess process) {
            this(store, process, new CopyOnWriteArrayList<>(), false);
        }

        /** With {@code diesBeforeAnEnd}, the process dies as it is about to append an execution's end, which is lost. */
        @Override
        public CompletionStage<Long> append(String executionId, long token, dev.fleetops.journal.Entry entry) {
            if (process.killed() || (diesBeforeAnEnd && entry instanceof dev.fleetops.journal.Entry.Ended)) {
                process.kill();
                return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("the process died"));
            }
            return store.append(executionId, token, entry);
        }

        @Override
        public CompletionStage<List<dev.fleetops.journal.Recorded>> history(String executionId) {
            return store.history(executionId);
        }

        @Override
        public CompletionStage<List<dev.fleetops.journal.OpenExecution>> open() {
            return store.open();
        }

        @Override
        public CompletionStage<Void> flush() {
            return store.flush();
        }

        @Override
        public dev.fleetops.journal.Inbox inbox() {
            return store.inbox();
        }

        @Override
        public void close() { }

        @Override
        public Leases leases() {
            Leases l = store.leases();
            return new Leases() {
                @Override
                public CompletionStage<java.util.Optional<Lease>> acquire(String resource, String owner, Duration ttl) {
                    return l.acquire(resource, owner, ttl);
                }

                @Override
                public CompletionStage<java.util.Optional<Lease>> acquireFrom(String resource, String owner, Duration ttl,
                                                                            java.util.function.Predicate<String> gone) {
                    return l.acquireFrom(resource, owner, ttl, gone).thenApply(g -> {
                        if (g.isPresent() && g.get().takenFrom().isPresent()) takenOver.add(process.now());
                        return g;
                    });
                }

                @Override
                public CompletionStage<Lease> renew(Lease lease) {
                    return l.renew(lease);
                }

                @Override
                public CompletionStage<Void> release(Lease lease) {
                    if (process.killed()) return java.util.concurrent.CompletableFuture.completedFuture(null); // dead: nothing is sent
                    return l.release(lease);
                }

                @Override
                public CompletionStage<List<Lease>> takeable() {
                    return l.takeable();
                }

                @Override
                public CompletionStage<List<Lease>> held() {
                    return l.held();
                }

                @Override
                public Scheduler.Cancellable keep(Lease lease, java.util.function.Consumer<RuntimeException> lost) {
                    java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
                    process.schedule(lease.ttl().dividedBy(3), new Runnable() {
                        @Override
                        public void run() {
                            if (stopped.get()) return;
                            try {
                                l.renew(lease).toCompletableFuture().join(); // virtual time: awaited in the task
                                process.schedule(lease.ttl().dividedBy(3), this);
                            } catch (RuntimeException e) {
                                lost.accept(e);
                            }
                        }
                    });
                    return () -> !stopped.getAndSet(true);
                }
            };
        }
    }

    static Intake intake(dev.fleetops.cloud.Cloud cloud, Journal journal, IdempotencyStore keys, String owner) {
        return Intake.builder(RuleSet.load("rules.yaml", JournaledHandlerRunTest.RULES, BuiltInHandlers.registry()), cloud)
                .store(keys).journal(journal, owner, o -> false).build();
    }

    private static Map<String, Long> mutating(SpotFixture f) {
        Map<String, Long> m = new HashMap<>();
        f.region.context().gate().calls().forEach((op, n) -> {
            String name = op.substring(op.indexOf(':') + 1);
            if (!name.startsWith("Describe") && !name.startsWith("Get") && !name.startsWith("List")) m.put(op, n);
        });
        return m;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new HashMap<>();
        after.forEach((op, n) -> {
            long x = n - before.getOrDefault(op, 0L);
            if (x != 0) d.put(op, x);
        });
        return d;
    }
}

package dev.fleetops.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.Status;
import dev.fleetops.json.Json;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every journal store promises, run on SQLite and on DynamoDB Local. Stages complete on the writer thread
 * here (callbacks {@code Runnable::run}); tests join them. Time is virtual: leases expire when the test says so.
 */
abstract class JournalContract {

    protected final VirtualScheduler scheduler = new VirtualScheduler(start());
    private final List<Journal> opened = new ArrayList<>();

    /** A store on the test's location, completing stages through {@code callbacks}; the same location each time. */
    protected abstract Journal openStore(Executor callbacks);

    /** How many appends the group-commit test queues behind a busy writer. */
    protected int queuedAppends() {
        return 10_000;
    }

    protected Instant start() {
        return VirtualScheduler.DEFAULT_START;
    }

    protected Journal journal() {
        return journal(Runnable::run);
    }

    protected Journal journal(Executor callbacks) {
        Journal j = openStore(callbacks);
        opened.add(j);
        return j;
    }

    protected Journal reopen(Journal old) {
        old.close();
        return journal();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Journal::close);
    }

    /**
     * Callbacks that hold the writer thread at its first answer until the test releases it, so that what the test
     * queues meanwhile waits behind a busy writer.
     */
    static final class HeldWriter implements Executor {
        private final CountDownLatch holding = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final AtomicReference<Thread> writer = new AtomicReference<>();

        @Override
        public void execute(Runnable task) {
            if (writer.compareAndSet(null, Thread.currentThread())) {
                holding.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            task.run();
        }

        /** Returns once the writer thread is held. */
        void awaitHeld() throws InterruptedException {
            holding.await();
        }

        void release() {
            released.countDown();
        }

        /** The thread the first callback ran on (the writer's). */
        Thread thread() {
            return writer.get();
        }
    }

    static <T> T join(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the stage to fail");
    }

    Entry.Started started(String document) {
        return new Entry.Started(scheduler.now(), ExecutionKind.RUNBOOK, document, Optional.of("9f86d081884c7d65"),
                Map.of("InstanceId", List.of("i-0123")), Optional.empty());
    }

    Entry.StepIntent intent(String step, int attempt) {
        JsonNode request = Json.object().put("InstanceIds", "i-0123");
        return new Entry.StepIntent(scheduler.now(), step, attempt, "ec2", "RebootInstances", "tok-" + step + "-" + attempt, request);
    }

    Entry.StepResult result(String step, int attempt) {
        return new Entry.StepResult(scheduler.now(), step, attempt, Status.Success, Map.of("State", Json.tree("rebooted")), Optional.empty());
    }

    @Test
    void everyKindOfEntryReadsBackAsItWasAppendedInSequence() {
        Journal j = journal();
        List<Entry> entries = List.of(
                new Entry.Started(scheduler.now(), ExecutionKind.HANDLER, "spot-interruption", Optional.empty(), Map.of(), Optional.of("parent-1")),
                intent("reboot", 1),
                new Entry.StepResult(scheduler.now(), "reboot", 1, Status.Failed, Map.of(), Optional.of("RequestLimitExceeded")),
                new Entry.SignalReceived(scheduler.now(), Entry.Signal.Approve, Optional.of("alice"), Optional.of("go")),
                new Entry.Ended(scheduler.now(), Status.Failed, Optional.of("step reboot failed")));
        List<Long> seqs = new ArrayList<>();
        for (Entry e : entries) seqs.add(join(j.append("exec-1", Journal.UNLEASED, e)));

        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(join(j.history("exec-1"))).extracting(Recorded::entry).containsExactlyElementsOf(entries);
        assertThat(join(j.history("exec-1"))).extracting(Recorded::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(join(j.history("never-ran"))).isEmpty();
    }

    @Test
    void anExecutionStartsWithStartedAndNothingFollowsEnded() {
        Journal j = journal();
        assertThat(failure(j.append("e", Journal.UNLEASED, intent("a", 1)))).isInstanceOf(IllegalStateException.class)
                .hasMessage("execution e has not started: its first entry must be 'started', not 'intent'");
        join(j.append("e", Journal.UNLEASED, started("Doc")));
        assertThat(failure(j.append("e", Journal.UNLEASED, started("Doc")))).hasMessage("execution e has already started");
        join(j.append("e", Journal.UNLEASED, new Entry.Ended(scheduler.now(), Status.Success, Optional.empty())));
        assertThat(failure(j.append("e", Journal.UNLEASED, intent("a", 1))))
                .hasMessage("execution e has ended: nothing may follow its 'ended' entry");
        assertThat(join(j.history("e"))).hasSize(2);
    }

    @Test
    void openListsTheExecutionsThatStartedAndHaveNotEnded() {
        Journal j = journal();
        join(j.append("a", Journal.UNLEASED, started("DocA")));
        scheduler.runFor(Duration.ofSeconds(1));
        join(j.append("b", Journal.UNLEASED, started("DocB")));
        join(j.append("b", Journal.UNLEASED, intent("s", 1)));
        scheduler.runFor(Duration.ofSeconds(1));
        join(j.append("c", Journal.UNLEASED, started("DocC")));
        join(j.append("c", Journal.UNLEASED, new Entry.Ended(scheduler.now(), Status.Cancelled, Optional.empty())));

        List<OpenExecution> open = join(j.open());
        assertThat(open).extracting(OpenExecution::executionId).containsExactly("a", "b");
        assertThat(open.get(1).started().runs()).isEqualTo("DocB");
        assertThat(open.get(1).lastSequence()).isEqualTo(2);
    }

    @Test
    void whatWasAcknowledgedIsThereAfterCloseAndReopen() {
        Journal j = journal();
        join(j.append("e", Journal.UNLEASED, started("Doc")));
        join(j.append("e", Journal.UNLEASED, intent("reboot", 1)));
        CompletionStage<Long> last = j.append("e", Journal.UNLEASED, result("reboot", 1));
        j.close(); // closing flushes what is queued
        assertThat(last.toCompletableFuture().isDone()).isTrue();

        Journal again = reopen(j);
        assertThat(join(again.history("e"))).extracting(Recorded::entry).containsExactly(
                started("Doc"), intent("reboot", 1), result("reboot", 1));
        assertThat(join(again.append("e", Journal.UNLEASED, result("reboot", 2)))).isEqualTo(4);
    }

    @Test
    void aClosedJournalRefusesWork() {
        Journal j = journal();
        j.close();
        assertThat(failure(j.append("e", Journal.UNLEASED, started("Doc")))).isInstanceOf(StoreException.class)
                .hasMessageEndingWith(" is closed");
    }

    /** Reads the store carries out as one round (its backend's readsPerBatch). */
    protected int readsAtOnce() {
        return 1;
    }

    @Test
    void aRecoverysReadsRideAlongLiveWritesInsteadOfWaitingForAPause() throws Exception {
        Journal setup = journal();
        join(setup.append("open", Journal.UNLEASED, started("Doc")));
        join(setup.append("live", Journal.UNLEASED, started("Doc")));
        setup.close();
        HeldWriter held = new HeldWriter();
        // the busy read's callbacks hold the writer thread until the read and the writes are all queued
        Journal j = journal(held);
        CompletableFuture<?> busy = j.history("live").toCompletableFuture();
        held.awaitHeld();
        CompletableFuture<?> read = j.history("open").toCompletableFuture();
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) writes.add(j.append("live", Journal.UNLEASED, intent("step-" + i, 1)).toCompletableFuture());
        long before = ((StoreJournal) j).batches();
        held.release();
        busy.join();
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        read.join();

        // the writes' batch took the read with it: with writes always queued (a busy replica) it is never starved
        assertThat(((StoreJournal) j).batches() - before).as("batches after the busy read").isEqualTo(1);
        assertThat(join(j.history("open"))).hasSize(1);
    }

    @Test
    void openingARunAsksForItsLeaseAndItsHistoryInOneRound() throws Exception {
        Journal setup = journal();
        join(setup.append("run", Journal.UNLEASED, started("Doc")));
        setup.close();
        HeldWriter held = new HeldWriter();
        Journal j = journal(held);
        CompletableFuture<?> busy = j.history("other").toCompletableFuture();
        held.awaitHeld();
        // on wall-clock time the open does not wait inline, so it can queue both calls behind the busy writer
        try (dev.fleetops.time.RealScheduler wallClock = new dev.fleetops.time.RealScheduler()) {
            CompletableFuture<java.util.Optional<JournaledRun>> opened = JournaledRun.open(j, "run", "replica-b", owner -> false, wallClock)
                    .toCompletableFuture();
            long before = ((StoreJournal) j).batches();
            held.release();
            busy.join();
            JournaledRun run = opened.join().orElseThrow();

            assertThat(((StoreJournal) j).batches() - before).as("batches to lease the run and read its history").isEqualTo(1);
            assertThat(run.started()).isPresent();
            run.close();
        }
    }

    @Test
    void anIntentDoesNotWaitBehindARecoverysReads() throws Exception {
        int open = 80;
        Journal setup = journal();
        for (int i = 0; i < open; i++) join(setup.append("open-" + i, Journal.UNLEASED, started("Doc")));
        join(setup.append("live", Journal.UNLEASED, started("Doc")));
        setup.close();
        HeldWriter held = new HeldWriter();
        // the first callbacks hold the writer thread until the recovery's reads and the intent are all queued
        Journal j = journal(held);
        List<String> answered = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<?> busy = j.history("live").toCompletableFuture();
        // a recovery of every open execution: the list, the leases, then each one's history and lease
        List<CompletableFuture<?>> recovery = new ArrayList<>();
        recovery.add(j.open().thenRun(() -> answered.add("read")).toCompletableFuture());
        recovery.add(j.leases().takeable().thenRun(() -> answered.add("read")).toCompletableFuture());
        for (int i = 0; i < open; i++) recovery.add(j.history("open-" + i).thenRun(() -> answered.add("read")).toCompletableFuture());
        CompletableFuture<?> intent = j.append("live", Journal.UNLEASED, intent("step", 1)).thenRun(() -> answered.add("intent"))
                .toCompletableFuture();
        held.release();
        intent.join();
        busy.join();
        CompletableFuture.allOf(recovery.toArray(CompletableFuture[]::new)).join();

        assertThat(answered).hasSize(open + 3);
        // at most the reads taken together with the busy one (a store with several reads in flight takes a round)
        assertThat(answered.indexOf("intent")).as("reads answered before the intent, of the " + (open + 2) + " queued before it")
                .isLessThanOrEqualTo(readsAtOnce() - 1);
        assertThat(join(j.history("live"))).hasSize(2);
    }

    @Test
    void appendsQueuedBehindABusyWriterCommitInOneBatch() throws Exception {
        HeldWriter held = new HeldWriter();
        // the first batch's callbacks hold the writer thread until every append is queued
        Journal j = journal(held);
        List<CompletableFuture<Long>> appends = new ArrayList<>();
        appends.add(j.append("bulk", Journal.UNLEASED, started("Doc")).toCompletableFuture());
        held.awaitHeld(); // the first batch is committed and its callback holds the writer: the rest queue behind it
        int n = queuedAppends();
        for (int i = 0; i < n; i++) appends.add(j.append("bulk", Journal.UNLEASED, intent("s" + i, 1)).toCompletableFuture());
        held.release();
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).join();

        assertThat(held.thread()).as("callbacks never run on the caller's thread").isNotEqualTo(Thread.currentThread());
        assertThat(appends.stream().map(CompletableFuture::join).toList())
                .isEqualTo(LongStream.rangeClosed(1, n + 1).boxed().toList());
        assertThat(((StoreJournal) j).batches()).as("the first batch, then the " + n + " that queued behind it").isEqualTo(2);
        assertThat(join(j.history("bulk"))).hasSize(n + 1);
    }

    @Test
    void theInboxKeepsEventsUntilDoneAcrossReopen() {
        Journal j = journal();
        assertThat(join(j.inbox().put("ev-1", "{\"detail-type\":\"A\"}"))).isTrue();
        scheduler.runFor(Duration.ofSeconds(1));
        assertThat(join(j.inbox().put("ev-2", "{\"detail-type\":\"B\"}"))).isTrue();
        assertThat(join(j.inbox().put("ev-1", "{\"other\":true}"))).as("a redelivery").isFalse();
        Journal again = reopen(j);
        assertThat(join(again.inbox().pending())).containsExactly(
                new Inbox.PendingEvent("ev-1", "{\"detail-type\":\"A\"}", start()),
                new Inbox.PendingEvent("ev-2", "{\"detail-type\":\"B\"}", start().plusSeconds(1)));
        join(again.inbox().done("ev-1"));
        join(again.inbox().done("unknown"));
        assertThat(join(again.inbox().pending())).extracting(Inbox.PendingEvent::eventId).containsExactly("ev-2");
        join(again.inbox().done("ev-2"));
        assertThat(join(again.inbox().pending())).isEmpty();
        // done forgets: the inbox holds what is in hand only, not every event it ever had
        assertThat(join(again.inbox().put("ev-1", "{\"detail-type\":\"A\"}"))).as("a new entry after done").isTrue();
    }

    @Test
    void twoJournalsOnOneStoreWriteSideBySideAndSeeEachOthersLeases() {
        // two processes on one store: recover next to a live serve, two runs on one host, two replicas
        Journal first = journal();
        Lease a = join(first.leases().acquire("exec-a", "replica-a")).orElseThrow();
        join(first.append("exec-a", a.token(), started("DocA")));
        Journal second = journal();
        assertThat(join(second.leases().acquire("exec-a", "replica-b"))).as("held by the first").isEmpty();
        Lease b = join(second.leases().acquire("exec-b", "replica-b")).orElseThrow();
        join(second.append("exec-b", b.token(), started("DocB")));
        join(first.append("exec-a", a.token(), intent("s", 1)));
        join(second.append("exec-b", b.token(), intent("s", 1)));

        assertThat(join(first.history("exec-b"))).hasSize(2);
        assertThat(join(second.history("exec-a"))).hasSize(2);
        assertThat(join(first.open())).extracting(OpenExecution::executionId).containsExactlyInAnyOrder("exec-a", "exec-b");
    }

    @Test
    void onlyTheCurrentLeaseHoldersTokenMayAppend() {
        Journal j = journal();
        Leases leases = j.leases();
        Lease a = join(leases.acquire("exec-9", "replica-a")).orElseThrow();
        assertThat(a.token()).isEqualTo(1);
        assertThat(a.expiresAt()).isEqualTo(start().plus(Leases.DEFAULT_TTL));
        assertThat(join(leases.acquire("exec-9", "replica-b"))).as("held by a").isEmpty();
        join(j.append("exec-9", a.token(), started("Doc")));
        assertThat(failure(j.append("exec-9", Journal.UNLEASED, intent("s", 1)))).isInstanceOf(FencedException.class)
                .hasMessage("fenced: exec-9 is leased with token 1; a write with token 0 is stale");

        scheduler.runFor(Leases.DEFAULT_TTL); // a stops renewing: its lease expires
        Lease b = join(leases.acquire("exec-9", "replica-b")).orElseThrow();
        assertThat(b.token()).isEqualTo(2);
        FencedException stale = (FencedException) failure(j.append("exec-9", a.token(), intent("s", 1)));
        assertThat(stale).hasMessage("fenced: exec-9 is leased with token 2; a write with token 1 is stale");
        assertThat(failure(leases.renew(a))).isInstanceOf(FencedException.class);
        assertThat(join(j.append("exec-9", b.token(), intent("s", 1)))).isEqualTo(2);
        assertThat(join(j.history("exec-9"))).hasSize(2);
    }

    @Test
    void aHeartbeatKeepsTheLeaseUntilItStopsThenAnotherOwnerTakesOver() {
        Journal j = journal();
        Leases leases = j.leases();
        Lease a = join(leases.acquire("exec-7", "replica-a", Duration.ofSeconds(30))).orElseThrow();
        List<RuntimeException> lost = new ArrayList<>();
        var beat = leases.keep(a, lost::add);

        drive(j, Duration.ofMinutes(5));
        assertThat(join(leases.takeable())).isEmpty();
        assertThat(join(leases.held())).extracting(Lease::resource, Lease::owner).containsExactly(tuple("exec-7", "replica-a"));
        assertThat(join(leases.acquire("exec-7", "replica-b"))).as("renewed for 5 minutes").isEmpty();

        beat.cancel(); // replica a dies
        drive(j, Duration.ofSeconds(29));
        assertThat(join(leases.takeable())).isEmpty();
        assertThat(join(leases.held())).hasSize(1);
        drive(j, Duration.ofSeconds(1));
        assertThat(join(leases.takeable())).extracting(Lease::resource, Lease::owner, Lease::token).containsExactly(
                tuple("exec-7", "replica-a", 1L));
        assertThat(join(leases.held())).as("expired: no longer live").isEmpty();
        Lease b = join(leases.acquire("exec-7", "replica-b")).orElseThrow();
        assertThat(b.token()).isEqualTo(2);
        assertThat(join(leases.takeable())).isEmpty();
        assertThat(join(leases.held())).extracting(Lease::owner).containsExactly("replica-b");
        leases.release(b);
        assertThat(join(leases.held())).as("released").isEmpty();
        assertThat(lost).isEmpty();
    }

    @Test
    void aHeartbeatRunThroughAVirtualDayWithoutWaitingKeepsTheLeaseToItsLastBeat() {
        Journal j = journal();
        Leases leases = j.leases();
        Lease a = join(leases.acquire("exec-8", "replica-a", Duration.ofSeconds(30))).orElseThrow();
        List<RuntimeException> lost = new ArrayList<>();
        var beat = leases.keep(a, lost::add);

        scheduler.runFor(Duration.ofDays(1)); // beats do not hold the clock: 8,640 renewals, mostly folded
        assertThat(join(leases.held())).singleElement().satisfies(l -> assertThat(l.expiresAt())
                .as("renewed by the last beat").isAfter(scheduler.now()).isBeforeOrEqualTo(scheduler.now().plusSeconds(30)));
        assertThat(join(leases.acquire("exec-8", "replica-b"))).isEmpty();
        beat.cancel();
        scheduler.runFor(Duration.ofSeconds(30));
        assertThat(join(leases.takeable())).extracting(Lease::owner).containsExactly("replica-a");
        assertThat(lost).isEmpty();
    }

    @Test
    void aHeartbeatThatFindsItsLeaseTakenTellsItsOwner() {
        Journal j = journal();
        Leases leases = j.leases();
        Lease a = join(leases.acquire("ev-3", "replica-a", Duration.ofSeconds(30))).orElseThrow();
        join(leases.release(a));
        Lease b = join(leases.acquire("ev-3", "replica-b")).orElseThrow();
        assertThat(b.token()).as("a released lease changes hands with the next token").isEqualTo(2);
        List<RuntimeException> lost = new ArrayList<>();
        leases.keep(a, lost::add);
        drive(j, Duration.ofSeconds(10));
        assertThat(lost).singleElement().isInstanceOf(FencedException.class);
    }

    /**
     * Runs virtual time for {@code d}, waiting for the journal after each task: heartbeats' renewals are answered
     * (and the next one scheduled) before time moves on, as docs/journal.md tells drivers to do.
     */
    void drive(Journal j, Duration d) {
        Instant until = scheduler.now().plus(d);
        scheduler.runUntil(() -> {
            join(j.flush());
            return false;
        }, d);
        scheduler.runUntil(until);
    }
}

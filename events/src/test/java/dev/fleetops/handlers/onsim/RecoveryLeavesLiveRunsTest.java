package dev.fleetops.handlers.onsim;

import dev.fleetops.events.Intake;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.Lease;
import dev.fleetops.journal.Leases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up recovery on a shared journal (docs/recovery.md, "Start-up recovery"): a restarted replica continues only
 * the runs no live owner holds. The other replicas' live runs are neither read nor leased: a `serve` restarted in
 * `bench chaos` used to read and try to lease every open execution (144-184 each time), queued in the one journal
 * writer ahead of its own live intents.
 */
class RecoveryLeavesLiveRunsTest {

    static final int LIVE = 20;

    @TempDir
    Path store;

    @Test
    void recoveryReadsAndLeasesOnlyTheRunsWhoseLeaseIsTakeable() {
        SpotFixture f = new SpotFixture(2, "30s");
        Journal journal = Journals.sqlite(store, f.region.scheduler(), Runnable::run);
        String event = JournaledHandlerRunTest.warning(f, f.inService().get(0));
        for (int i = 0; i < LIVE; i++) open(journal, "live-" + i, "host-a:1:1", Leases.DEFAULT_TTL, "spot", event);
        // a replica that died: its lease ran out; its rule is gone from the rules, so recovery reports it skipped
        open(journal, "dead-0", "host-c:3:3", Duration.ZERO, "renamed-rule", event);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        List<Intake.Recovered> recovered = f.region.scheduler().await(
                JournaledHandlerRunTest.intake(f.region.cloud(), counted(journal, calls), "host-b:2:2").recover(), Duration.ofMinutes(1));

        assertThat(recovered).extracting(Intake.Recovered::executionId).containsExactly("dead-0");
        assertThat(recovered.get(0).skipped()).hasValueSatisfying(w -> assertThat(w).contains("renamed-rule"));
        assertThat(count(calls, "acquireFrom") + count(calls, "acquire")).as("leases asked for").isZero();
        assertThat(count(calls, "history")).as("histories read").isZero();
        assertThat(count(calls, "held")).as("the live leases are read once").isEqualTo(1);
        assertThat(count(calls, "open")).isEqualTo(1);
        List<Lease> live = journal.leases().held().toCompletableFuture().join();
        assertThat(live).hasSize(LIVE).allSatisfy(l -> {
            assertThat(l.owner()).isEqualTo("host-a:1:1");
            assertThat(l.token()).isEqualTo(1);
        });
        journal.close();
    }

    @Test
    void eachContinuedRunIsAnnouncedAsItEndsNotWhenTheLastOneEnds() {
        SpotFixture f = new SpotFixture(2, "30s");
        Journal journal = Journals.sqlite(store, f.region.scheduler(), Runnable::run);
        String event = JournaledHandlerRunTest.warning(f, f.inService().get(0));
        open(journal, "dead-0", "host-c:3:3", Duration.ZERO, "spot", event); // a drain: the deregistration delay, 30 s
        open(journal, "dead-1", "host-c:3:3", Duration.ZERO, "renamed-rule", event); // skipped at once
        Intake intake = JournaledHandlerRunTest.intake(f.region.cloud(), journal, "host-b:2:2");
        Map<String, java.time.Instant> announced = new ConcurrentHashMap<>();
        intake.events().onEvent(dev.fleetops.events.IntakeEvent.ExecutionRecovered.class,
                e -> announced.put(e.executionId(), f.region.scheduler().now()));
        java.time.Instant start = f.region.scheduler().now();

        f.region.scheduler().await(intake.recover(), Duration.ofMinutes(10));

        assertThat(announced).containsOnlyKeys("dead-0", "dead-1");
        assertThat(announced.get("dead-1")).as("the skipped run, announced at once").isEqualTo(start);
        assertThat(announced.get("dead-0")).as("the drain, announced when it ended").isAfter(start.plusSeconds(29));
        journal.close();
    }

    /** Execution {@code id}, a handler run of {@code rule} begun by {@code owner}, whose lease lasts {@code ttl} from now. */
    static void open(Journal journal, String id, String owner, Duration ttl, String rule, String event) {
        Lease l = journal.leases().acquire(id, owner, ttl).toCompletableFuture().join().orElseThrow();
        journal.append(id, l.token(), new Entry.Started(l.expiresAt().minus(ttl), ExecutionKind.HANDLER, "spot-interruption",
                Optional.empty(), Map.of("EventId", List.of("ev-" + id), "Event", List.of(event), "Rule", List.of(rule)),
                Optional.empty())).toCompletableFuture().join();
    }

    static int count(Map<String, AtomicInteger> calls, String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** {@code journal}, every call to it and to its leases counted by method name. */
    static Journal counted(Journal journal, Map<String, AtomicInteger> calls) {
        Leases leases = counting(Leases.class, journal.leases(), calls);
        return (Journal) Proxy.newProxyInstance(Journal.class.getClassLoader(), new Class<?>[] {Journal.class}, (p, m, args) -> {
            calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
            if (m.getName().equals("leases")) return leases;
            return invoke(m, journal, args);
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T counting(Class<T> type, T target, Map<String, AtomicInteger> calls) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
            return invoke(m, target, args);
        });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

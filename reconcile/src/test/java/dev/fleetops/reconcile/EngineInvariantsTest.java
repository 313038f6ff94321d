package dev.fleetops.reconcile;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine invariants behind mgmt's race fixes (github.com/purpleidea/mgmt commits, named per test in docs/apply.md), one test each, named after the rule; plus the
 * ordering and concurrency rules of issue 5. Fake resources on virtual time record what the engine did.
 */
class EngineInvariantsTest {

    static final Duration CONVERGED = Duration.ofSeconds(30);
    final VirtualScheduler clock = new VirtualScheduler();
    final Instant t0 = clock.now();

    Engine engine(FakeResource... resources) {
        return engine(false, resources);
    }

    Engine engine(boolean noop, FakeResource... resources) {
        Cloud cloud = Cloud.builder().scheduler(clock).build();
        Services services = new Services("test", cloud, Optional.empty(), (d, p) -> new CompletableFuture<>(), 1);
        FleetFile fleet = FleetFile.of("test", "fake.yaml", Arrays.asList(resources), Map.of());
        Engine e = new Engine(fleet, services, CONVERGED, noop);
        e.start();
        return e;
    }

    FakeResource fake(String name) {
        return new FakeResource(name, clock);
    }

    Duration at(Instant i) {
        return Duration.between(t0, i);
    }

    void later(Duration d, Runnable r) {
        clock.schedule(d, r);
    }

    ResourceState state(Engine e, String name) {
        return e.states().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void noCheckApplyBeforeTheFirstWatchEvent() {
        FakeResource a = fake("a");
        a.readyAfter = Duration.ofSeconds(10);
        Engine e = engine(a);
        later(Duration.ofSeconds(2), () -> a.watch.event("early change")); // before the watch is really watching
        clock.runFor(Duration.ofSeconds(60));
        assertThat(a.readyAt).containsExactly(t0.plusSeconds(10));
        assertThat(a.checkStarts).isNotEmpty();
        assertThat(a.checkStarts.get(0)).isEqualTo(t0.plusSeconds(10)); // the initial event, not the early one
        e.stop();
    }

    @Test
    void noCheckApplyBeforeTheFirstWatchEventStillRunsWithPolling() {
        FakeResource a = fake("a"); // MGMT #379: with polling (no watch) the check must still run
        a.meta = Meta.DEFAULTS.withPoll(Duration.ofSeconds(20));
        Engine e = engine(a);
        clock.runFor(Duration.ofSeconds(45));
        assertThat(a.watchStarts).isEmpty();
        assertThat(a.checkStarts).extracting(this::at)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(40));
        e.stop();
    }

    @Test
    void markDirtyWhenAnEventIsReceivedNotWhenSent() {
        FakeResource a = fake("a");
        a.checkTakes = Duration.ofSeconds(5);
        Engine e = engine(a);
        later(Duration.ofSeconds(2), () -> a.watch.event("changed while the check runs"));
        clock.runFor(Duration.ofSeconds(30));
        // the event arrived mid-check; it is not swallowed by the finishing check: a second check follows at once
        assertThat(a.checkStarts).extracting(this::at).containsExactly(Duration.ZERO, Duration.ofSeconds(5));
        e.stop();
    }

    @Test
    void checkApplyNeverOverlapsItself() {
        FakeResource a = fake("a");
        a.checkTakes = Duration.ofSeconds(5);
        Engine e = engine(a);
        for (int s = 1; s <= 20; s++) later(Duration.ofSeconds(s), () -> a.watch.event("tick"));
        clock.runFor(Duration.ofSeconds(60));
        assertThat(a.maxRunning).isEqualTo(1);
        assertThat(a.checkStarts).hasSizeGreaterThan(3);
        for (int i = 1; i < a.checkStarts.size(); i++) {
            assertThat(a.checkStarts.get(i)).isAfterOrEqualTo(a.checkEnds.get(i - 1));
        }
        e.stop();
    }

    @Test
    void aRestartingWatchNeverOverlapsACheckApply() {
        FakeResource a = fake("a");
        a.meta = Meta.DEFAULTS.withRetry(3, Duration.ZERO);
        a.checkTakes = Duration.ofSeconds(10);
        Engine e = engine(a);
        later(Duration.ofSeconds(2), () -> a.watch.failed(new IllegalStateException("connection lost")));
        clock.runFor(Duration.ofSeconds(60));
        assertThat(a.watchStarts).hasSize(2);
        assertThat(a.checkEnds.get(0)).isEqualTo(t0.plusSeconds(10));
        assertThat(a.watchStarts.get(1)).isAfterOrEqualTo(a.checkEnds.get(0)); // restart waited for the check
        assertThat(a.checkStarts.get(1)).isAfterOrEqualTo(a.readyAt.get(1)); // and the next check for readiness
        assertThat(e.watchRestarts()).isEqualTo(1);
        e.stop();
    }

    @Test
    void pauseTakesEffectBetweenCheckApplyRetries() {
        FakeResource a = fake("a"); // MGMT b20a1071: retry=-1 with delay=0 deadlocked ^C and spun a core
        a.meta = Meta.DEFAULTS.withRetry(-1, Duration.ZERO);
        a.results = n -> Result.failed(new IllegalStateException("always fails"));
        Engine e = engine(a);
        assertThat(clock.runUntil(() -> a.checkStarts.size() >= 1000, Duration.ofMinutes(1))).isTrue();
        var paused = e.pause().toCompletableFuture();
        assertThat(clock.runUntil(paused::isDone, Duration.ofSeconds(1))).isTrue();
        int frozen = a.checkStarts.size();
        clock.runFor(Duration.ofMinutes(5));
        assertThat(a.checkStarts).hasSize(frozen);
        e.resume();
        clock.runUntil(() -> a.checkStarts.size() > frozen, Duration.ofSeconds(1));
        assertThat(a.checkStarts.size()).isGreaterThan(frozen);
        e.stop();
    }

    @Test
    void noCheckApplyUntilUnpaused() {
        FakeResource a = fake("a");
        a.readyAfter = Duration.ofSeconds(5);
        Engine e = engine(a);
        e.pause();
        clock.runFor(Duration.ofSeconds(30));
        assertThat(a.readyAt).hasSize(1);
        assertThat(a.checkStarts).isEmpty();
        e.resume();
        clock.runFor(Duration.ofSeconds(1));
        assertThat(a.checkStarts).extracting(this::at).containsExactly(Duration.ofSeconds(30));
        e.stop();
    }

    @Test
    void aBlockedCheckApplyCanBeInterrupted() {
        FakeResource a = fake("a");
        a.checkTakes = null; // never ends on its own
        Engine e = engine(a);
        clock.runFor(Duration.ofSeconds(10));
        assertThat(a.running).isEqualTo(1);
        var stopped = e.stop().toCompletableFuture();
        assertThat(clock.runUntil(stopped::isDone, Duration.ofSeconds(1))).isTrue();
        assertThat(a.cancelled).isEqualTo(1);
        assertThat(a.running).isZero();
    }

    @Test
    void panicsInWatchAndCheckApplyAreRecovered() {
        FakeResource checks = fake("checks");
        checks.panics = true;
        checks.meta = Meta.DEFAULTS.withRetry(1, Duration.ofSeconds(1));
        FakeResource watches = fake("watches");
        watches.watchPanics = true;
        FakeResource fine = fake("fine");
        Engine e = engine(checks, watches, fine);
        var converged = e.converged().toCompletableFuture();
        clock.runFor(Duration.ofMinutes(2));
        assertThat(converged).isDone();
        assertThat(state(e, "checks").status()).isEqualTo(ResourceStatus.failed);
        assertThat(state(e, "checks").errors()).containsExactly("panic: check panic", "panic: check panic");
        assertThat(state(e, "watches").status()).isEqualTo(ResourceStatus.failed);
        assertThat(state(e, "watches").errors()).containsExactly("watch failed: watch panic");
        assertThat(state(e, "fine").status()).isEqualTo(ResourceStatus.converged);
    }

    @Test
    void trueWithErrorIsRejectedAsAProgrammingError() {
        FakeResource a = fake("a");
        a.results = n -> new Result(true, List.of(), new IllegalStateException("disk full"));
        Engine e = engine(a);
        clock.runFor(Duration.ofMinutes(1));
        assertThat(state(e, "a").status()).isEqualTo(ResourceStatus.failed);
        assertThat(state(e, "a").errors())
                .containsExactly("resource programming error: check said ok and failed: disk full");
        e.stop();
    }

    @Test
    void watchReleasesAllItsResourcesOnShutdown() {
        FakeResource a = fake("a");
        FakeResource b = fake("b");
        b.meta = Meta.DEFAULTS.withPoll(Duration.ofSeconds(10)); // a poll timer is a held resource too
        Engine e = engine(a, b);
        clock.runFor(Duration.ofSeconds(15));
        var stopped = e.stop().toCompletableFuture();
        clock.runUntil(stopped::isDone, Duration.ofSeconds(1));
        int checksOfB = b.checkStarts.size();
        clock.runFor(Duration.ofMinutes(5));
        assertThat(a.watchClosed).hasSize(1);
        assertThat(b.checkStarts).hasSize(checksOfB);
        assertThat(clock.pending()).isZero(); // no timer left behind
    }

    @Test
    void convergedExitOnlyAfterTheTimeout() {
        FakeResource a = fake("a"); // MGMT #743: shut down right after the first converge
        a.checkTakes = Duration.ofSeconds(4);
        Engine e = engine(a);
        var converged = e.converged().toCompletableFuture();
        later(Duration.ofSeconds(20), () -> a.watch.event("drift"));
        clock.runUntil(converged::isDone, Duration.ofMinutes(5));
        // activity: initial event at 0, the drift event at 20 s (its check ends at 24 s): converged 30 s after 24 s
        assertThat(at(clock.now())).isEqualTo(Duration.ofSeconds(54));
        assertThat(converged.join()).extracting(ResourceState::status).containsExactly(ResourceStatus.converged);
        e.stop();
    }

    @Test
    void shutdownNeverDeadlocksWithRetryForeverAndNoDelay() {
        FakeResource a = fake("a");
        a.meta = Meta.DEFAULTS.withRetry(-1, Duration.ZERO);
        a.results = n -> Result.failed(new IllegalStateException("always fails"));
        Engine e = engine(a);
        clock.runUntil(() -> a.checkStarts.size() >= 500, Duration.ofMinutes(1));
        var stopped = e.stop().toCompletableFuture();
        assertThat(clock.runUntil(stopped::isDone, Duration.ofSeconds(1))).isTrue();
        int n = a.checkStarts.size();
        clock.runFor(Duration.ofMinutes(1));
        assertThat(a.checkStarts).hasSize(n);
        assertThat(clock.pending()).isZero();
    }

    @Test
    void aResourceRunsOnlyAfterWhatItRequiresHasConverged() {
        FakeResource a = fake("a");
        a.checkTakes = Duration.ofSeconds(10);
        a.results = n -> Result.changed("created");
        FakeResource b = fake("b");
        b.requires = List.of("a");
        Engine e = engine(a, b);
        clock.runFor(Duration.ofMinutes(1));
        assertThat(b.checkStarts.get(0)).isEqualTo(a.checkEnds.get(0));
        assertThat(b.refreshes.get(0)).isTrue(); // a changed: b is told (mgmt's refresh)
        e.stop();
    }

    @Test
    void aResourceWhoseRequirementFailedNeverRuns() {
        FakeResource a = fake("a");
        a.results = n -> Result.failed(new IllegalStateException("quota exceeded"));
        FakeResource b = fake("b");
        b.requires = List.of("a");
        Engine e = engine(a, b);
        var converged = e.converged().toCompletableFuture();
        clock.runFor(Duration.ofMinutes(1));
        assertThat(converged).isDone();
        assertThat(b.checkStarts).isEmpty();
        assertThat(state(e, "b").status()).isEqualTo(ResourceStatus.failed);
        assertThat(state(e, "b").errors()).containsExactly("not run: requires a, which failed");
    }

    @Test
    void independentResourcesCheckConcurrently() {
        FakeResource a = fake("a");
        FakeResource b = fake("b");
        a.checkTakes = Duration.ofSeconds(10);
        b.checkTakes = Duration.ofSeconds(10);
        Engine e = engine(a, b);
        clock.runFor(Duration.ofSeconds(5));
        assertThat(a.running + b.running).isEqualTo(2);
        assertThat(a.checkStarts).isEqualTo(b.checkStarts);
        e.stop();
    }

    @Test
    void noopChecksWithoutApplying() {
        FakeResource a = fake("a");
        a.results = n -> Result.changed("state: stopped -> running");
        Engine e = engine(true, a);
        clock.runFor(Duration.ofMinutes(1));
        assertThat(a.applyFlags).containsOnly(false);
        assertThat(state(e, "a").status()).isEqualTo(ResourceStatus.would_change);
        assertThat(state(e, "a").changes()).containsExactly("state: stopped -> running");
        e.stop();
    }

    @Test
    void timeoutEndsACheckApplyThatTakesTooLong() {
        FakeResource a = fake("a");
        a.checkTakes = null;
        a.meta = Meta.DEFAULTS.withTimeout(Duration.ofSeconds(20));
        Engine e = engine(a);
        clock.runFor(Duration.ofMinutes(1));
        assertThat(a.cancelled).isEqualTo(1);
        assertThat(state(e, "a").errors()).containsExactly("timeout after 20s");
        e.stop();
    }
}

package dev.fleetops.reconcile;

import dev.fleetops.source.Location;
import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A scriptable resource that records what the engine did to it, on virtual time: when its watch started, became
 * ready, closed; when each check/apply started and ended; how many ran at once.
 */
final class FakeResource implements Resource {

    final String name;
    Meta meta = Meta.DEFAULTS;
    List<String> requires = List.of();
    private final VirtualScheduler clock;

    /** Delay before the watch says ready; null: never. */
    Duration readyAfter = Duration.ZERO;
    /** How long a check/apply takes; null: until cancelled. */
    Duration checkTakes = Duration.ZERO;
    /** The result of check number n (1-based). */
    Function<Integer, Result> results = n -> Result.alreadyRight();
    /** Throw from checkApply instead of returning (a panic). */
    boolean panics;
    /** Throw from watch (a panic). */
    boolean watchPanics;

    final List<Instant> watchStarts = new ArrayList<>();
    final List<Instant> readyAt = new ArrayList<>();
    final List<Instant> watchClosed = new ArrayList<>();
    final List<Instant> checkStarts = new ArrayList<>();
    final List<Instant> checkEnds = new ArrayList<>();
    final List<Boolean> applyFlags = new ArrayList<>();
    final List<Boolean> refreshes = new ArrayList<>();
    int running;
    int maxRunning;
    int cancelled;
    WatchContext watch;

    FakeResource(String name, VirtualScheduler clock) {
        this.name = name;
        this.clock = clock;
    }

    public String kind() { return "fake"; }
    public String name() { return name; }
    public Meta meta() { return meta; }
    public Location location() { return new Location("fake.yaml", 1, 1); }
    public List<String> implicitRequires() { return requires; }

    @Override
    public Watch watch(WatchContext ctx) {
        watchStarts.add(clock.now());
        if (watchPanics) throw new IllegalStateException("watch panic");
        watch = ctx;
        if (readyAfter != null) {
            clock.schedule(readyAfter, () -> {
                readyAt.add(clock.now());
                ctx.ready();
            });
        }
        return () -> watchClosed.add(clock.now());
    }

    @Override
    public CompletionStage<Result> checkApply(boolean apply, ApplyContext ctx) {
        checkStarts.add(clock.now());
        applyFlags.add(apply);
        refreshes.add(ctx.refresh());
        if (panics) throw new IllegalStateException("check panic");
        running++;
        maxRunning = Math.max(maxRunning, running);
        int n = checkStarts.size();
        CompletableFuture<Result> f = new CompletableFuture<>();
        ctx.cancelled().thenRun(() -> {
            if (f.isDone()) return;
            cancelled++;
            running--;
            checkEnds.add(clock.now());
            f.cancel(false);
        });
        if (checkTakes != null) {
            clock.schedule(checkTakes, () -> {
                if (f.isDone()) return;
                running--;
                checkEnds.add(clock.now());
                f.complete(results.apply(n));
            });
        }
        return f;
    }
}

package dev.fleetops.sim.wire;

import dev.fleetops.time.VirtualScheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread that owns the simulated region. The simulator is single-threaded: every API call, admin request and
 * state read is queued here and run on this thread, which also paces virtual time at {@code speed} times the wall
 * clock (0: time moves only through {@link #advance}). After each piece of work it runs what is due at the current
 * instant, so a call the gate answers without latency is answered at once; one whose answer lies in the virtual
 * future (injected latency, a long poll) waits until time gets there.
 */
final class SimDriver implements AutoCloseable {

    private static final long TICK_MILLIS = 5;

    private final VirtualScheduler time;
    private final double speed;
    private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private final Thread thread; // null when attached: the thread that drives the region's time runs the work
    private volatile boolean running = true;
    private volatile String lastError;
    // pacing: virtual time at the anchor plus speed x the wall time since (this thread only)
    private final Clock wall;
    private Instant wallAnchor;
    private Instant virtualAnchor;

    /** @param wall the real clock pacing reads (the kernel's {@code RealScheduler.systemClock()}) */
    SimDriver(VirtualScheduler time, double speed, Clock wall) {
        if (!(speed >= 0) || Double.isInfinite(speed)) throw new IllegalArgumentException("speed must be >= 0, got " + speed);
        this.time = time;
        this.speed = speed;
        this.wall = wall;
        this.thread = new Thread(this::loop, "fleetops-sim");
        this.thread.setDaemon(true);
        reanchor();
        this.thread.start();
    }

    /**
     * A driver without a thread of its own, for a region whose time a run drives (aws:executeScript): work goes to
     * that thread through {@link VirtualScheduler#callFromOutside} and advances through
     * {@link VirtualScheduler#advanceFromOutside}.
     */
    private SimDriver(VirtualScheduler time) {
        this.time = time;
        this.speed = 0;
        this.wall = null;
        this.thread = null;
    }

    static SimDriver attached(VirtualScheduler time) {
        return new SimDriver(time);
    }

    double speed() {
        return speed;
    }

    /** Runs {@code call} on the simulator's thread; the answer completes there when the simulator gives it. */
    <T> CompletableFuture<T> call(Supplier<? extends CompletionStage<T>> call) {
        if (thread == null) return time.callFromOutside(call);
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(result, () -> call.get().whenComplete((v, e) -> {
            if (e != null) result.completeExceptionally(e);
            else result.complete(v);
        }));
        return result;
    }

    /** Runs {@code read} on the simulator's thread (state that is only consistent there). */
    <T> CompletableFuture<T> read(Supplier<T> read) {
        if (thread == null) return time.callFromOutside(() -> CompletableFuture.completedFuture(read.get()));
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(result, () -> result.complete(read.get()));
        return result;
    }

    /** Runs {@code d} of virtual time, every task due within it included; completes with the new clock. */
    CompletableFuture<Instant> advance(Duration d) {
        if (thread == null) return time.advanceFromOutside(d);
        CompletableFuture<Instant> result = new CompletableFuture<>();
        submit(result, () -> {
            time.runFor(d);
            reanchor();
            result.complete(time.now());
        });
        return result;
    }

    /** The last failure of a simulated task (a bug in the simulator, not a client's error), or null. */
    String lastError() {
        return lastError;
    }

    private void submit(CompletableFuture<?> result, Runnable task) {
        if (!running) {
            result.completeExceptionally(new IllegalStateException("the simulated region is stopping"));
            return;
        }
        work.add(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
    }

    private void loop() {
        while (running) {
            try {
                Runnable r = speed > 0 ? work.poll(TICK_MILLIS, TimeUnit.MILLISECONDS) : work.take();
                while (r != null) {
                    r.run();
                    r = work.poll();
                }
                if (speed > 0) {
                    long nanos = (long) (Duration.between(wallAnchor, wall.instant()).toNanos() * speed);
                    Instant target = virtualAnchor.plusNanos(nanos);
                    if (target.isAfter(time.now())) time.runUntil(target);
                }
                time.runUntil(time.now());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) { // a task of the simulator failed: keep serving, say what it was
                lastError = e.toString();
                System.err.println("fleetops sim serve: a simulated task failed: " + e);
            }
        }
    }

    private void reanchor() {
        wallAnchor = wall.instant();
        virtualAnchor = time.now();
    }

    @Override
    public void close() {
        if (thread == null) return;
        running = false;
        work.add(() -> { }); // wakes a paused loop
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.fleetops.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The only source of "now" and of delays in fleetops. Real time against AWS ({@link RealScheduler}),
 * virtual time in the simulator ({@link VirtualScheduler}). Core code never sleeps: it schedules.
 */
public interface Scheduler {

    Instant now();

    /** Runs {@code task} once after {@code delay} (zero or negative: as soon as possible, after already due tasks). */
    Cancellable schedule(Duration delay, Runnable task);

    /** A future completed after {@code delay}; cancelling it cancels the timer. */
    default CompletableFuture<Void> delay(Duration delay) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Cancellable timer = schedule(delay, () -> f.complete(null));
        f.whenComplete((v, e) -> {
            if (f.isCancelled()) timer.cancel();
        });
        return f;
    }

    /** Runs tasks soon, in submission order, on the scheduler's own thread(s). */
    default Executor executor() {
        return task -> schedule(Duration.ZERO, task);
    }

    /** A {@link ScheduledExecutorService} view, for APIs that require one (the SDK's async waiters). */
    ScheduledExecutorService asScheduledExecutorService();

    /** True when time is simulated: an hour passes in milliseconds and runs are deterministic. */
    boolean isVirtual();

    /**
     * Opens work done off the scheduler's thread that the clock must wait for: a journal write on its store's writer
     * thread, a script's process. Virtual time does not jump to the next timer while a hold is open (it would run
     * ahead of the work's answer, and finding nothing left to run it would give up on an operation still in
     * progress); real time waits for nobody, so the default holds nothing. Open it on the thread that drives the
     * scheduler, or on any thread while a hold already open covers it; close it from any thread, after the work's
     * answer has been handed on.
     */
    default Hold holdForOutsideWork() {
        return Hold.NONE;
    }

    /** An open {@link #holdForOutsideWork} hold; closing it twice is closing it once. */
    @FunctionalInterface
    interface Hold extends AutoCloseable {
        Hold NONE = () -> { };

        @Override
        void close();
    }

    /** A scheduled task handle. */
    @FunctionalInterface
    interface Cancellable {
        /** @return true if the task had not run yet and now never will */
        boolean cancel();
    }
}

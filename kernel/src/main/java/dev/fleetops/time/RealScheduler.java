package dev.fleetops.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wall-clock time for runs against AWS. The one place in fleetops that reads the system clock. */
public final class RealScheduler implements Scheduler, AutoCloseable {

    private final Clock clock;
    private final ScheduledThreadPoolExecutor pool;

    public RealScheduler() {
        this(systemClock(), 2);
    }

    public RealScheduler(Clock clock, int threads) {
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "fleetops-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
    }

    /**
     * The wall clock, for the few things that must use it even on the simulator: request signatures checked by real
     * servers (Chef) and waiting for a person (approvals from another process).
     */
    public static Clock systemClock() {
        return Clock.systemUTC();
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        var f = pool.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public ScheduledExecutorService asScheduledExecutorService() {
        return pool;
    }

    @Override
    public boolean isVirtual() {
        return false;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}

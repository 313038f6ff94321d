package dev.fleetops.runbook.engine;

import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The engine's view of a multi-threaded (real-time) scheduler: its tasks run one at a time, so execution state
 * needs no locks, as on the simulator's single thread. Engine work per task is microseconds; serialising it costs
 * nothing that matters next to the API calls it waits for.
 */
final class SerialScheduler implements Scheduler {

    private final Scheduler delegate;
    private final Object lock = new Object();

    private SerialScheduler(Scheduler delegate) {
        this.delegate = delegate;
    }

    /** The scheduler itself when it is virtual (one thread already), else a serial view of it. */
    static Scheduler of(Scheduler scheduler) {
        return scheduler.isVirtual() ? scheduler : new SerialScheduler(scheduler);
    }

    @Override
    public Instant now() {
        return delegate.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return delegate.schedule(delay, () -> {
            synchronized (lock) {
                task.run();
            }
        });
    }

    @Override
    public ScheduledExecutorService asScheduledExecutorService() {
        return delegate.asScheduledExecutorService();
    }

    @Override
    public boolean isVirtual() {
        return delegate.isVirtual();
    }

    @Override
    public Hold holdForOutsideWork() {
        return delegate.holdForOutsideWork();
    }
}

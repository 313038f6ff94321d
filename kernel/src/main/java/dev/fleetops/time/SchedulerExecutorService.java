package dev.fleetops.time;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledExecutorService} over a {@link Scheduler}, so that APIs that insist on one (the SDK's
 * {@code AsyncWaiter}) run in virtual time. Shutdown is a no-op: the scheduler owns the lifecycle.
 */
final class SchedulerExecutorService extends AbstractExecutorService implements ScheduledExecutorService {

    private final Scheduler scheduler;

    SchedulerExecutorService(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        long nanos = unit.toNanos(delay);
        var f = new TimerFuture<V>(scheduler.now().toEpochMilli() * 1_000_000L + nanos);
        f.timer = scheduler.schedule(Duration.ofNanos(nanos), () -> {
            if (f.isDone()) return;
            try {
                f.complete(callable.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks: schedule the next run from the task instead");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks: schedule the next run from the task instead");
    }

    @Override
    public void execute(Runnable command) {
        scheduler.schedule(Duration.ZERO, command);
    }

    @Override
    public void shutdown() { }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }

    private final class TimerFuture<V> extends CompletableFuture<V> implements ScheduledFuture<V> {
        private final long dueNanos;
        Scheduler.Cancellable timer;

        TimerFuture(long dueNanos) {
            this.dueNanos = dueNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            long now = scheduler.now().toEpochMilli() * 1_000_000L;
            return unit.convert(dueNanos - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (timer != null) timer.cancel();
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return super.get(timeout, unit);
        }
    }
}

package dev.fleetops.time;

/** One scheduled task of a {@link VirtualScheduler}: due at {@code at}, ordered among equals by {@code seq}. */
class TimerTask implements Scheduler.Cancellable {
    long at;
    long seq;
    final Runnable task;
    volatile boolean cancelled;
    boolean done;
    /** Scheduled from another thread: {@code at} is a delay until it is taken in. */
    boolean relative;
    /** In the inbox or the queue (cancelled or not): a reusable timer must not put it in twice. */
    boolean queued;

    TimerTask(long at, long seq, Runnable task) {
        this.at = at;
        this.seq = seq;
        this.task = task;
    }

    boolean before(TimerTask o) {
        return at < o.at || (at == o.at && seq < o.seq);
    }

    @Override
    public boolean cancel() { // overridden by VirtualScheduler.Timer
        if (done || cancelled) return false;
        cancelled = true;
        return true;
    }
}

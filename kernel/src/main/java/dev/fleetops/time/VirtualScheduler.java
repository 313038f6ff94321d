package dev.fleetops.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.function.BooleanSupplier;

/**
 * Discrete-event virtual time. Tasks run one at a time, in (due time, submission order), on the thread that
 * calls one of the {@code run*} methods; when nothing is runnable now, time jumps to the next due task.
 * Deterministic: the same tasks scheduled in the same order always run in the same order at the same instants.
 *
 * <p>Scheduling is allowed from any thread (tasks from other threads are taken in at the next step), but the
 * simulation itself is confined to the thread that drives it.
 */
public final class VirtualScheduler implements Scheduler {

    /** Fixed default epoch so that every run of a scenario starts at the same instant. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T09:00:00Z");

    private final long epochSecond;
    private final int epochNano;
    private long nowNanos; // nanoseconds since the start instant
    private long seq;
    private long processed;
    private final TimerQueue queue = new TimerQueue();
    private final ConcurrentLinkedQueue<TimerTask> inbox = new ConcurrentLinkedQueue<>();
    private volatile Thread driver;
    private ScheduledExecutorService executorView;
    // outside work (docs/runbook-actions.md, aws:executeScript): while held, the clock moves only to due calls' answers
    private final AtomicInteger holds = new AtomicInteger();
    private final AtomicInteger outsideCalls = new AtomicInteger();
    private long horizon = Long.MIN_VALUE; // the clock may run up to here while held (a script's sleep), driver only
    private final java.util.PriorityQueue<Advance> advances = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(Advance::at));

    private record Advance(long at, CompletableFuture<Instant> done) { }

    public VirtualScheduler() {
        this(DEFAULT_START);
    }

    public VirtualScheduler(Instant start) {
        this.epochSecond = start.getEpochSecond();
        this.epochNano = start.getNano();
    }

    @Override
    public Instant now() {
        return Instant.ofEpochSecond(epochSecond, epochNano + nowNanos);
    }

    /** Virtual nanoseconds elapsed since the start instant. */
    public long elapsedNanos() {
        return nowNanos;
    }

    public Duration elapsed() {
        return Duration.ofNanos(nowNanos);
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long d = delay.isNegative() ? 0 : saturatedNanos(delay);
        return scheduleNanos(d, task);
    }

    /** Hot-path variant of {@link #schedule(Duration, Runnable)} that avoids the Duration allocation. */
    public Cancellable scheduleNanos(long delayNanos, Runnable task) {
        Thread t = driver;
        if (t != null && t != Thread.currentThread()) {
            TimerTask k = new TimerTask(Math.max(0, delayNanos), 0, task); // relative: resolved when taken in
            k.relative = true;
            k.queued = true;
            inbox.add(k);
            if (holds.get() > 0) LockSupport.unpark(t);
            return k;
        }
        TimerTask k = new TimerTask(nowNanos + Math.max(0, delayNanos), seq++, task);
        k.queued = true;
        queue.add(k);
        return k;
    }

    /**
     * A timer for a task that schedules itself again and again (a health check on its interval): arming it orders
     * the run exactly as {@link #scheduleNanos} would, but reuses one queue entry instead of allocating one per run.
     */
    public Timer timer(Runnable task) {
        return new Timer(task);
    }

    /**
     * A reusable timer of one task; arm and cancel it on the thread that drives the simulation. It is its own queue
     * entry while armed; armed again while that entry is still queued (pending, or cancelled and not yet reached),
     * it replaces it with a separate one.
     */
    public final class Timer extends TimerTask {
        private TimerTask replacement;

        private Timer(Runnable task) {
            super(0, 0, task);
            done = true; // not armed
        }

        /** Runs the task after {@code delayNanos} (in submission order among equals), replacing a pending run. */
        public Timer armNanos(long delayNanos) {
            if (replacement != null) {
                replacement.cancel();
                replacement = null;
            }
            if (queued || driver != null && driver != Thread.currentThread()) {
                super.cancel();
                replacement = (TimerTask) scheduleNanos(delayNanos, task);
                return this;
            }
            at = nowNanos + Math.max(0, delayNanos);
            seq = VirtualScheduler.this.seq++;
            done = false;
            cancelled = false;
            queued = true;
            queue.add(this);
            return this;
        }

        /** Cancels the pending run. @return true if there was one */
        @Override
        public boolean cancel() {
            boolean own = super.cancel();
            boolean replaced = replacement != null && replacement.cancel();
            return own || replaced;
        }
    }

    /** Number of tasks run so far (the "simulated events processed" count). */
    public long processed() {
        return processed;
    }

    /** Tasks waiting to run. */
    public int pending() {
        drainInbox();
        return queue.size();
    }

    /** Runs the next due task, advancing time to it. @return false if there was none */
    public boolean step() {
        return step(Long.MAX_VALUE);
    }

    private boolean step(long limitNanos) {
        drainInbox();
        if (!advances.isEmpty()) completeAdvances();
        if (holds.get() > 0) waitForOutsideWork(limitNanos);
        TimerTask k;
        while ((k = queue.peek()) != null) {
            if (k.at > limitNanos) return false;
            queue.poll();
            k.queued = false;
            if (k.cancelled) continue;
            nowNanos = Math.max(nowNanos, k.at);
            k.done = true;
            processed++;
            k.task.run();
            return true;
        }
        return false;
    }

    /** Runs until no task is left. Beware of periodic tasks: they never leave; use {@link #runFor}. */
    public void runUntilIdle() {
        enter();
        try {
            while (step(Long.MAX_VALUE)) { /* next */ }
        } finally {
            leave();
        }
    }

    /** Runs every task due within {@code d} and leaves the clock exactly {@code d} later. */
    public void runFor(Duration d) {
        runUntil(now().plus(d));
    }

    /** Runs every task due up to {@code until} and leaves the clock at {@code until}. */
    public void runUntil(Instant until) {
        long limit = nanosAt(until);
        enter();
        try {
            while (step(limit)) { /* next */ }
            if (limit > nowNanos) nowNanos = limit;
        } finally {
            leave();
        }
    }

    /**
     * Runs until {@code condition} holds (checked after each task) or virtual time passes {@code maxWait}.
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, Duration maxWait) {
        long limit = nowNanos + saturatedNanos(maxWait);
        enter();
        try {
            while (!condition.getAsBoolean()) {
                if (!step(limit)) {
                    return condition.getAsBoolean();
                }
            }
            return true;
        } finally {
            leave();
        }
    }

    /**
     * Drives the simulation until {@code stage} completes and returns its value. Fails if the stage can no
     * longer complete (nothing left to run) or virtual time passes {@code maxWait}.
     */
    public <T> T await(CompletionStage<T> stage, Duration maxWait) {
        var f = stage.toCompletableFuture();
        if (!runUntil(f::isDone, maxWait)) {
            throw new IllegalStateException(pending() == 0
                    ? "nothing left to run in virtual time and the operation has not completed"
                    : "the operation did not complete within " + maxWait + " of virtual time");
        }
        return f.join();
    }

    /**
     * Opens outside work that virtual time waits for: a journal write in flight, or a process running in real time
     * (an aws:executeScript script) whose calls reach the region from other threads ({@link #callFromOutside}).
     * Until it is closed, the thread driving time runs only what is due now, the tasks those calls submit and, for a
     * call whose answer lies ahead (injected latency, retries), the time up to it; {@link #advanceFromOutside} lets
     * the clock run on (a script's sleep). With nothing to run it waits, where it would otherwise jump to the next
     * due task or find nothing left. Open it on the driving thread (or under another open hold); close it from any
     * thread.
     */
    @Override
    public Hold holdForOutsideWork() {
        holds.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                holds.decrementAndGet();
                Thread t = driver;
                if (t != null) LockSupport.unpark(t);
            }
        };
    }

    /** From any thread: runs {@code call} on the driving thread; while it is unanswered, held time may move to its answer. */
    public <T> CompletableFuture<T> callFromOutside(Supplier<? extends CompletionStage<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        schedule(Duration.ZERO, () -> {
            // counted on the driving thread once the call is in hand: counted from the caller's thread, the driver
            // could see a call "in flight" before its task arrived and run held time on to the next timer
            outsideCalls.incrementAndGet();
            result.whenComplete((v, e) -> outsideCalls.decrementAndGet());
            try {
                call.get().whenComplete((v, e) -> {
                    if (e != null) result.completeExceptionally(e);
                    else result.complete(v);
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** From any thread: lets held time run {@code d} further (every task due in it runs); completes with the clock then. */
    public CompletableFuture<Instant> advanceFromOutside(Duration d) {
        CompletableFuture<Instant> done = new CompletableFuture<>();
        schedule(Duration.ZERO, () -> {
            long at = nowNanos + saturatedNanos(d);
            horizon = Math.max(horizon, at);
            advances.add(new Advance(at, done));
        });
        return done;
    }

    private void waitForOutsideWork(long limitNanos) {
        while (holds.get() > 0) {
            TimerTask k = queue.peek();
            while (k != null && k.cancelled) {
                queue.poll();
                k.queued = false;
                k = queue.peek();
            }
            long next = k == null ? Long.MAX_VALUE : k.at;
            if (next <= nowNanos || next <= horizon && next <= limitNanos) return;
            if (k != null && next <= limitNanos && outsideCalls.get() > 0) return;
            if (horizon > nowNanos) { // the clock runs to the horizon: a sleep of outside work is over
                nowNanos = Math.min(horizon, limitNanos);
                completeAdvances();
                if (nowNanos == limitNanos) return;
                continue;
            }
            LockSupport.park(this);
            drainInbox();
        }
    }

    private void completeAdvances() {
        Advance a;
        while ((a = advances.peek()) != null && a.at() <= nowNanos) advances.poll().done().complete(now());
    }

    @Override
    public synchronized ScheduledExecutorService asScheduledExecutorService() {
        if (executorView == null) executorView = new SchedulerExecutorService(this);
        return executorView;
    }

    private void enter() {
        Thread current = Thread.currentThread();
        Thread d = driver;
        if (d != null && d != current) {
            throw new IllegalStateException("virtual time is already driven by thread " + d.getName());
        }
        driver = current;
    }

    private void leave() {
        driver = null;
    }

    private long nanosAt(Instant t) {
        return saturatedNanos(Duration.between(Instant.ofEpochSecond(epochSecond, epochNano), t));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE / 4 : Long.MAX_VALUE / 4;
        }
    }

    private void drainInbox() {
        TimerTask k;
        while ((k = inbox.poll()) != null) {
            if (k.relative) {
                k.at = nowNanos + k.at;
                k.relative = false;
            }
            k.seq = seq++;
            queue.add(k);
        }
    }
}

package dev.fleetops.windows;

import dev.fleetops.time.Scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Fires a window's occurrences on the {@link Scheduler} (virtual time on the simulator, real time on AWS) and
 * reports each one when it ends. An occurrence due while the previous one still runs is reported
 * SKIPPED_OVERLAPPING.
 */
public final class WindowSchedule {

    private final Scheduler scheduler;
    private final WindowRunner runner;
    private final MaintenanceWindow window;
    private final Consumer<WindowExecution> report;
    private Occurrences occurrences;
    private Scheduler.Cancellable timer;
    private Instant next;
    private boolean running;
    private boolean stopped;

    public WindowSchedule(Scheduler scheduler, WindowRunner runner, MaintenanceWindow window,
                          Consumer<WindowExecution> report) {
        this.scheduler = scheduler;
        this.runner = runner;
        this.window = window;
        this.report = report;
    }

    /** The window is created now: schedules its first occurrence. @return when it fires, if ever */
    public synchronized Optional<Instant> start() {
        return start(scheduler.now(), scheduler.now());
    }

    /**
     * The window was created at {@code created} (a recovered run's): schedules the first occurrence after {@code
     * after}, at once when it came due while no process ran the window.
     */
    public synchronized Optional<Instant> start(Instant created, Instant after) {
        occurrences = window.occurrences(created);
        arm(after);
        return Optional.ofNullable(next);
    }

    /** The next occurrence, if any is scheduled. */
    public synchronized Optional<Instant> next() {
        return Optional.ofNullable(next);
    }

    public synchronized boolean running() {
        return running;
    }

    /** No further occurrence fires (a running one goes on to its end). */
    public synchronized void stop() {
        stopped = true;
        if (timer != null) timer.cancel();
        next = null;
    }

    private void arm(Instant after) {
        Optional<Instant> n = occurrences.nextAfter(after);
        next = n.orElse(null);
        if (n.isEmpty() || stopped) return;
        Instant at = n.get();
        java.time.Duration in = java.time.Duration.between(scheduler.now(), at);
        timer = scheduler.schedule(in.isNegative() ? java.time.Duration.ZERO : in, () -> fire(at));
    }

    private synchronized void fire(Instant at) {
        if (stopped) return;
        arm(at);
        if (running) {
            report.accept(new WindowExecution(runner.windowId(window), runner.newExecutionId(), window.name(),
                    WindowStatus.SKIPPED_OVERLAPPING, Optional.of("the previous occurrence was still running"), at, at,
                    Optional.of(at), at, List.of(), List.of()));
            return;
        }
        running = true;
        runner.run(window, at).whenComplete((execution, error) -> {
            synchronized (this) {
                running = false;
            }
            if (execution != null) report.accept(execution);
        });
    }
}

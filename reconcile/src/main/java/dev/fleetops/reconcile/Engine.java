package dev.fleetops.reconcile;

import dev.fleetops.observe.EventPublisher;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keeps a fleet's resources in their desired state: one worker per resource, all concurrent (non-blocking, on
 * the scheduler), each running only after what it requires has converged. "Converged" is reported once every
 * resource has been idle for the converged timeout (mgmt's engine/graph/engine.go; mgmt #743: never before the timeout).
 *
 * <p>Activity that delays convergence: a watch event, a change, an error. A poll tick whose check finds the
 * resource right is not activity, so a polled fleet still converges.
 */
public final class Engine {

    private final Services services;
    private final Duration convergedTimeout;
    private final EventPublisher<ReconcileEvent> events = new EventPublisher<>();
    private final SerialExecutor lane;
    private final Map<String, Worker> workers = new LinkedHashMap<>();

    boolean stopped;
    boolean paused;
    private boolean started;
    private Instant lastActivity;
    private Scheduler.Cancellable convergedTimer;
    private boolean convergedReported;
    private int watchRestarts;
    private final CompletableFuture<List<ResourceState>> firstConverged = new CompletableFuture<>();
    private final CompletableFuture<List<ResourceState>> planned = new CompletableFuture<>();
    private final List<CompletableFuture<Void>> quietWaiters = new ArrayList<>();

    /**
     * @param noop check only, whatever the resources' own noop says (the CLI's --noop)
     */
    public Engine(FleetFile fleet, Services services, Duration convergedTimeout, boolean noop) {
        this.services = services;
        this.convergedTimeout = convergedTimeout;
        this.lane = new SerialExecutor(services.scheduler().executor());
        for (Resource r : fleet.resources()) {
            Meta meta = noop ? r.meta().withNoop(true) : r.meta();
            workers.put(r.name(), new Worker(this, r, meta));
        }
        for (Resource r : fleet.resources()) {
            Worker w = workers.get(r.name());
            for (String up : fleet.requires(r.name())) {
                Worker u = workers.get(up);
                w.upstream.add(u);
                u.downstream.add(w);
            }
        }
    }

    /** Starts every watch; checks follow as watches become ready. */
    public void start() {
        lane.execute(() -> {
            if (started) return;
            started = true;
            lastActivity = scheduler().now();
            for (Worker w : workers.values()) w.startWatch();
            armConverged();
        });
    }

    /** Completes, with every resource's state, the first time the fleet is converged. */
    public CompletionStage<List<ResourceState>> converged() {
        return firstConverged;
    }

    /**
     * Completes, with every resource's state, once every resource has been checked (each after what it requires)
     * or cannot be: the end of a {@code --noop} plan. A noop fleet that differs never converges where resources are
     * polled (each poll finds the difference again, which is activity), so a plan must not wait for convergence.
     */
    public CompletionStage<List<ResourceState>> planned() {
        return planned;
    }

    /** Every resource's state now (read it on the scheduler's thread, or after the engine stopped). */
    public List<ResourceState> states() {
        return workers.values().stream().map(Worker::state).toList();
    }

    /** Watches restarted after failing, so far. */
    public int watchRestarts() {
        return watchRestarts;
    }

    /**
     * No check/apply starts until {@link #resume()}; completes once none runs (a running one ends first:
     * pause lands between two process runs, and between two retries).
     */
    public CompletionStage<Void> pause() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.execute(() -> {
            paused = true;
            quietWaiters.add(done);
            checkQuiet();
        });
        return done;
    }

    public void resume() {
        lane.execute(() -> {
            paused = false;
            for (Worker w : workers.values()) w.process();
        });
    }

    /**
     * Shuts down: cancels running check/applies (their context's {@code cancelled()} completes), timers and
     * watches. Completes once nothing runs; never waits on a check/apply that ignores cancellation.
     */
    public CompletionStage<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.execute(() -> {
            stopped = true;
            if (convergedTimer != null) convergedTimer.cancel();
            for (Worker w : workers.values()) w.stop();
            services.close();
            quietWaiters.add(done);
            checkQuiet();
        });
        return done;
    }

    // ------------------------------------------------------------------ for workers

    /** What the resources share (the batching reader's counters, for tests and the benchmark). */
    public Services services() {
        return services;
    }

    Scheduler scheduler() {
        return services.scheduler();
    }

    SerialExecutor lane() {
        return lane;
    }

    /** Drifts, checks and convergence as typed events; subscribe before {@link #start()}. */
    public EventPublisher<ReconcileEvent> events() {
        return events;
    }

    void watchRestarted(Worker w) {
        watchRestarts++;
    }

    /** Something happened that resets the converged timer. */
    void touch() {
        lastActivity = scheduler().now();
        convergedReported = false;
        armConverged();
    }

    void checkQuiet() {
        if (quietWaiters.isEmpty()) return;
        if (workers.values().stream().anyMatch(w -> w.running)) return;
        List<CompletableFuture<Void>> done = new ArrayList<>(quietWaiters);
        quietWaiters.clear();
        done.forEach(f -> f.complete(null));
    }

    void checkPlanned() {
        if (planned.isDone() || !workers.values().stream().allMatch(Worker::planned)) return;
        planned.complete(states());
    }

    void checkIdle() {
        if (stopped || convergedReported || convergedTimer != null) return;
        armConverged();
    }

    private void armConverged() {
        if (stopped || !started) return;
        if (convergedTimer != null) convergedTimer.cancel();
        Instant due = lastActivity.plus(convergedTimeout);
        Duration wait = Duration.between(scheduler().now(), due);
        convergedTimer = scheduler().schedule(wait, () -> lane.execute(this::convergedTimerFired));
    }

    private void convergedTimerFired() {
        convergedTimer = null;
        if (stopped || convergedReported) return;
        if (scheduler().now().isBefore(lastActivity.plus(convergedTimeout))) {
            armConverged();
            return;
        }
        if (!workers.values().stream().allMatch(Worker::idle)) return; // re-armed by the next checkIdle
        convergedReported = true;
        List<ResourceState> states = states();
        events.publish(() -> new ReconcileEvent.Converged(states));
        firstConverged.complete(states);
    }
}

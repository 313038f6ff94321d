package dev.fleetops.reconcile;

import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * One resource's worker (mgmt's per-vertex Watch and process loops, mgmt's engine/graph/engine.go). Every method runs on the
 * engine's lane. The invariants behind mgmt's engine race fixes live here (docs/apply.md): dirty is set when an event is received; no check/apply
 * before the watch is ready, while it restarts, while paused, or while another one of this resource runs; a watch
 * restart waits for the running check/apply; shutdown cancels what runs and schedules nothing more.
 */
final class Worker {

    static final Duration DEFAULT_WAIT_LIMIT = Duration.ofMinutes(10);

    final Resource resource;
    final List<Worker> upstream = new ArrayList<>();
    final List<Worker> downstream = new ArrayList<>();
    private final Engine engine;
    private final Meta meta;

    private Watch watch;
    private int watchGeneration;
    private int watchFailures;
    private boolean watchReady;
    private boolean restartPending;

    boolean dirty;
    private boolean refresh;
    private boolean fromEvent; // dirty because of an event, not only a poll tick: the check's end is activity
    boolean running;
    private boolean succeeded; // the last check/apply ended without error
    boolean failed;
    private int attempts;
    private Scheduler.Cancellable retryTimer;
    private Scheduler.Cancellable pollTimer;
    private CompletableFuture<Void> cancel;

    private int checks;
    private boolean changedOnce;
    private boolean wouldChange;
    private final List<String> changes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    Worker(Engine engine, Resource resource, Meta meta) {
        this.engine = engine;
        this.resource = resource;
        this.meta = meta;
    }

    // ------------------------------------------------------------------ watch

    void startWatch() {
        if (engine.stopped) return;
        watchReady = false;
        int generation = ++watchGeneration;
        if (meta.poll().compareTo(Duration.ZERO) > 0) {
            watchReady = true;
            received("initial check (poll every " + meta.poll().toSeconds() + " s)", false);
            schedulePoll();
            return;
        }
        try {
            watch = resource.watch(new Context(generation));
        } catch (RuntimeException e) { // a panic in Watch is recovered (mgmt 9e8ea3e1)
            watchFailed(generation, e);
        }
    }

    private void schedulePoll() {
        pollTimer = engine.scheduler().schedule(meta.poll(), () -> engine.lane().execute(() -> {
            if (engine.stopped) return;
            received("poll", true);
            schedulePoll();
        }));
    }

    private void watchReady(int generation) {
        if (generation != watchGeneration || engine.stopped || watchReady) return;
        watchReady = true;
        received("watch ready", false); // the initial event: catches what changed while nobody watched
    }

    private void watchFailed(int generation, Throwable error) {
        if (generation != watchGeneration || engine.stopped) return;
        closeWatch();
        watchReady = false;
        watchFailures++;
        String message = "watch failed: " + message(error);
        errors.add(message);
        if (meta.retry() >= 0 && watchFailures > meta.retry()) {
            fail(message);
            return;
        }
        restartPending = true;
        if (!running) scheduleRestart(); // else when the running check/apply ends
    }

    private void scheduleRestart() {
        engine.scheduler().schedule(meta.delay(), () -> engine.lane().execute(() -> {
            if (!restartPending || engine.stopped) return;
            restartPending = false;
            engine.watchRestarted(this);
            startWatch();
        }));
    }

    private void closeWatch() {
        Watch w = watch;
        watch = null;
        watchGeneration++; // late callbacks of the old watch are ignored
        if (w != null) {
            try {
                w.close();
            } catch (RuntimeException e) {
                // closing is best effort
            }
        }
    }

    /** An event, as received: the resource is dirty from now on, whatever runs (mgmt d72e3fb6). */
    private void received(String why, boolean tick) {
        if (engine.stopped) return;
        dirty = true;
        if (!tick) {
            fromEvent = true;
            engine.touch();
        }
        // a drift: the resource was settled and nothing of ours runs (events caused by our own apply are not drifts)
        if (!tick && !running && succeeded && retryTimer == null) engine.events().publish(() -> new ReconcileEvent.Drift(resource, why));
        process();
    }

    // ------------------------------------------------------------------ process

    boolean canRun() {
        return dirty && watchReady && !running && !restartPending && !failed && !engine.stopped && !engine.paused
                && retryTimer == null && upstream.stream().allMatch(Worker::settled);
    }

    /** Ran without error since it was last dirty: what requires it may run. */
    boolean settled() {
        return succeeded && !dirty && !running;
    }

    boolean blockedByFailure() {
        return upstream.stream().anyMatch(u -> u.failed || u.blockedByFailure());
    }

    /**
     * Its plan is known ({@code --noop}): checked once and not running nor waiting to retry, or failed, or not
     * to run because what it requires failed.
     */
    boolean planned() {
        if (failed || blockedByFailure()) return true;
        return checks > 0 && succeeded && !running && retryTimer == null;
    }

    /** Nothing to do until the next event. */
    boolean idle() {
        if (running || retryTimer != null || restartPending) return false;
        if (failed || blockedByFailure()) return true;
        return !dirty && watchReady;
    }

    void process() {
        if (!canRun()) return;
        running = true;
        dirty = false;
        boolean refreshNow = refresh;
        boolean byEvent = fromEvent;
        fromEvent = false;
        checks++;
        int attempt = attempts + 1;
        engine.events().publish(() -> new ReconcileEvent.CheckStarted(resource, attempt));
        CompletableFuture<Result> guard = new CompletableFuture<>();
        cancel = new CompletableFuture<>();
        CompletableFuture<Void> myCancel = cancel;
        Scheduler.Cancellable timeout = null;
        if (meta.timeout().compareTo(Duration.ZERO) > 0) {
            timeout = engine.scheduler().schedule(meta.timeout(), () -> {
                guard.completeExceptionally(new TimeoutException("timeout after " + seconds(meta.timeout())));
                myCancel.complete(null);
            });
        }
        boolean apply = !meta.noop();
        Duration waitLimit = meta.timeout().compareTo(Duration.ZERO) > 0 ? meta.timeout() : DEFAULT_WAIT_LIMIT;
        ApplyContext ctx = new ApplyContext() {
            public Services services() { return engine.services(); }
            public boolean refresh() { return refreshNow; }
            public CompletionStage<Void> cancelled() { return myCancel; }
            public Duration waitLimit() { return waitLimit; }
        };
        CompletionStage<Result> stage;
        try {
            stage = resource.checkApply(apply, ctx);
        } catch (RuntimeException e) { // a panic in CheckApply is recovered (mgmt 9e8ea3e1)
            stage = CompletableFuture.failedFuture(new IllegalStateException("panic: " + message(e), e));
        }
        stage.whenComplete((r, e) -> {
            if (e != null) guard.completeExceptionally(e);
            else guard.complete(r);
        });
        myCancel.thenRun(() -> guard.completeExceptionally(new java.util.concurrent.CancellationException("cancelled")));
        Scheduler.Cancellable t = timeout;
        guard.whenComplete((r, e) -> engine.lane().execute(() -> {
            if (t != null) t.cancel();
            if (byEvent) engine.touch();
            ended(r, e, refreshNow);
        }));
    }

    private void ended(Result r, Throwable e, boolean refreshNow) {
        running = false;
        cancel = null;
        if (engine.stopped) {
            engine.checkQuiet();
            return;
        }
        Result answered = e != null ? Result.failed(unwrap(e)) : r == null ? Result.failed(new IllegalStateException(
                "check/apply returned no result")) : r;
        Result result = !answered.programmingError() ? answered : Result.failed(new IllegalStateException(
                "resource programming error: check said ok and failed: " + message(answered.error()), answered.error()));
        if (result.error() != null) {
            attempts++;
            String message = message(result.error());
            errors.add(message);
            engine.touch();
            boolean retry = meta.retry() < 0 || attempts <= meta.retry();
            engine.events().publish(() -> new ReconcileEvent.Checked(resource, result, retry));
            if (retry) {
                dirty = true;
                retryTimer = engine.scheduler().schedule(meta.delay(), () -> engine.lane().execute(() -> {
                    retryTimer = null;
                    process(); // a pause or shutdown lands here, between two retries (mgmt b20a1071)
                    engine.checkIdle();
                }));
            } else {
                fail(message);
            }
        } else {
            attempts = 0;
            succeeded = true;
            if (refreshNow) refresh = false;
            if (!result.ok()) {
                engine.touch();
                changes.addAll(result.changes());
                if (meta.noop()) wouldChange = true;
                else changedOnce = true;
                for (Worker d : downstream) {
                    d.refresh = true;
                    d.dirty = true;
                }
            }
            engine.events().publish(() -> new ReconcileEvent.Checked(resource, result, false));
            for (Worker d : downstream) d.process();
        }
        if (restartPending) scheduleRestart(); // a watch restart never overlaps a check/apply
        engine.checkQuiet();
        process();
        engine.checkIdle();
        engine.checkPlanned();
    }

    private void fail(String message) {
        failed = true;
        engine.touch();
        closeWatch();
        if (pollTimer != null) pollTimer.cancel();
        engine.checkIdle();
        engine.checkPlanned();
    }

    /** Shutdown: no more timers, the running check/apply is cancelled, the watch released. */
    void stop() {
        if (retryTimer != null) retryTimer.cancel();
        retryTimer = null;
        if (pollTimer != null) pollTimer.cancel();
        restartPending = false;
        closeWatch();
        if (cancel != null) cancel.complete(null);
    }

    ResourceState state() {
        ResourceStatus status;
        if (failed) status = ResourceStatus.failed;
        else if (blockedByFailure()) status = ResourceStatus.failed;
        else if (!succeeded) status = errors.isEmpty() ? ResourceStatus.pending : ResourceStatus.failed;
        else if (wouldChange) status = ResourceStatus.would_change;
        else if (changedOnce) status = ResourceStatus.changed;
        else status = ResourceStatus.converged;
        List<String> errs = new ArrayList<>(errors);
        if (!failed && blockedByFailure()) {
            errs.add("not run: requires " + String.join(", ", upstream.stream()
                    .filter(u -> u.failed || u.blockedByFailure()).map(u -> u.resource.name()).toList()) + ", which failed");
        }
        return new ResourceState(resource.kind(), resource.name(), status, changes, errs, checks);
    }

    private static Throwable unwrap(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
        return e;
    }

    static String message(Throwable e) {
        Throwable t = unwrap(e);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** The watch's view of the engine, bound to one watch generation. */
    private final class Context implements WatchContext {
        private final int generation;

        Context(int generation) {
            this.generation = generation;
        }

        public void ready() {
            engine.lane().execute(() -> watchReady(generation));
        }

        public void event(String why) {
            engine.lane().execute(() -> {
                if (generation == watchGeneration) received(why, false);
            });
        }

        public void tick(String why) {
            engine.lane().execute(() -> {
                if (generation == watchGeneration) received(why, true);
            });
        }

        public void failed(Throwable error) {
            engine.lane().execute(() -> watchFailed(generation, error));
        }

        public Services services() {
            return engine.services();
        }
    }
}

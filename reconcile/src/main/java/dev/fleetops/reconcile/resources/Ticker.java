package dev.fleetops.reconcile.resources;

import dev.fleetops.reconcile.Watch;
import dev.fleetops.reconcile.WatchContext;
import dev.fleetops.time.Scheduler;

import java.time.Duration;

/** The watch of last resort, when there is no event source: ready at once, then a tick every {@code every}. */
final class Ticker implements Watch {

    /** Without events (AWS before the intake feeds apply), resources are checked this often. */
    static final Duration FALLBACK = Duration.ofSeconds(30);

    private final WatchContext ctx;
    private final Duration every;
    private volatile Scheduler.Cancellable timer;
    private volatile boolean closed;

    private Ticker(WatchContext ctx, Duration every) {
        this.ctx = ctx;
        this.every = every;
    }

    static Watch start(WatchContext ctx, Duration every) {
        Ticker t = new Ticker(ctx, every);
        ctx.ready();
        t.next();
        return t;
    }

    private void next() {
        if (closed) return;
        timer = ctx.services().scheduler().schedule(every, () -> {
            if (closed) return;
            ctx.tick("no event source: checked every " + every.toSeconds() + " s");
            next();
        });
    }

    @Override
    public void close() {
        closed = true;
        Scheduler.Cancellable t = timer;
        if (t != null) t.cancel();
    }
}

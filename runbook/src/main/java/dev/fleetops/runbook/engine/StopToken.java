package dev.fleetops.runbook.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A tree of "stop now" signals: the execution's cancel, the cancel path's 2-minute limit, an attempt's timeout.
 * Stopping a token stops its children (a loop that times out stops the step running in its body). Children
 * detach when their attempt ends, so a long run does not accumulate listeners. Used on the scheduler's thread.
 */
final class StopToken {

    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Set<StopToken> children = new LinkedHashSet<>();
    private final StopToken parent;
    private final Runnable onStop;

    StopToken() {
        this(null, null);
    }

    private StopToken(StopToken parent, Runnable onStop) {
        this.parent = parent;
        this.onStop = onStop;
    }

    /** A child stopped with this token; {@code onStop} runs first when it stops. */
    StopToken child(Runnable onStop) {
        StopToken c = new StopToken(this, onStop);
        if (stopped.isDone()) c.stop();
        else children.add(c);
        return c;
    }

    void stop() {
        if (stopped.isDone()) return;
        if (onStop != null) onStop.run();
        stopped.complete(null);
        for (StopToken c : new ArrayList<>(children)) c.stop();
        children.clear();
    }

    void detach() {
        if (parent != null) parent.children.remove(this);
    }

    boolean isStopped() {
        return stopped.isDone();
    }

    CompletableFuture<Void> future() {
        return stopped;
    }
}

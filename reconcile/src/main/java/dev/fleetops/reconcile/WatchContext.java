package dev.fleetops.reconcile;

/** What a watch may tell the engine. Callable from any thread; the engine serialises. */
public interface WatchContext {

    /** Watching has really begun: the engine sends the initial event, so the first check catches earlier changes. */
    void ready();

    /** The resource may have changed (e.g. "EC2 state-change: i-0abc -> stopped"). */
    void event(String why);

    /** A poll tick (no event source): the resource is checked, but a tick alone does not delay "converged". */
    void tick(String why);

    /** The watch broke; the engine restarts it per retry/delay, never while a check/apply runs. */
    void failed(Throwable error);

    Services services();
}

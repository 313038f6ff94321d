package dev.fleetops.reconcile;

import java.util.List;

/** What the engine tells its observer (the CLI prints it). Called on the engine's lane, in order. */
public interface EngineListener {

    /** A watch event made the resource dirty (after the first check: a possible drift). */
    default void event(Resource r, String why) { }

    default void checkStarted(Resource r, int attempt) { }

    /** A check/apply ended: ok, changed (or would change), or failed (retrying when {@code willRetry}). */
    default void checked(Resource r, Result result, boolean willRetry) { }

    /** Every resource has been idle for the converged timeout. */
    default void converged(List<ResourceState> states) { }

    EngineListener NONE = new EngineListener() { };
}

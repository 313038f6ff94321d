package dev.fleetops.reconcile;

import java.util.List;

/**
 * What the engine tells whoever listens (the CLI prints it, benchmarks count it), published on
 * {@link Engine#events()} in order, on the engine's serial executor. Built only when someone listens.
 */
public sealed interface ReconcileEvent {

    /** A watch event made the resource dirty (after the first check: a possible drift). */
    record Drift(Resource resource, String why) implements ReconcileEvent { }

    record CheckStarted(Resource resource, int attempt) implements ReconcileEvent { }

    /** A check/apply ended: ok, changed (or would change), or failed (retrying when {@code willRetry}). */
    record Checked(Resource resource, Result result, boolean willRetry) implements ReconcileEvent { }

    /** Every resource has been idle for the converged timeout. */
    record Converged(List<ResourceState> states) implements ReconcileEvent { }
}

package dev.fleetops.execution;

import dev.fleetops.execution.ExecutionRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Starts a runbook and tells when it ended. What rate control, maintenance windows and event handlers need of
 * the engine, and nothing more: they depend on this, not on the engine's internals.
 */
@FunctionalInterface
public interface RunbookRunner {

    /**
     * @param document   a document name (looked up in the document library: --docs DIR, or SSM on AWS) or a path
     * @param parameters runtime parameters as SSM takes them (name -> values)
     * @return completes with the execution's record once it is terminal (Success, Failed, TimedOut, Cancelled);
     *         completes exceptionally only when the document cannot start (unknown, invalid parameters)
     */
    CompletionStage<ExecutionRecord> run(String document, Map<String, List<String>> parameters);

    /**
     * As {@link #run}, as execution {@code executionId}, a child of execution {@code parentId} (a handler's run):
     * a runner with a journal records the parent, and continues an execution of that id the journal holds (one
     * that ended gives back its record without running anything). Default: {@link #run}, the ids unused.
     */
    default CompletionStage<ExecutionRecord> runChild(String document, Map<String, List<String>> parameters,
                                                      String executionId, String parentId) {
        return run(document, parameters);
    }

    /**
     * As {@link #runChild(String, Map, String, String)}, with the idempotency tokens of its calls derived from
     * {@code tokenScope} rather than from {@code executionId}: a new attempt at the same work (an event handled
     * again after its first run failed) passes the first attempt's child id, so its calls repeat the first
     * attempt's tokens. Default: {@link #runChild(String, Map, String, String)}; a runner without a journal has no
     * tokens of its own to keep.
     */
    default CompletionStage<ExecutionRecord> runChild(String document, Map<String, List<String>> parameters,
                                                      String executionId, String parentId, String tokenScope) {
        return runChild(document, parameters, executionId, parentId);
    }
}

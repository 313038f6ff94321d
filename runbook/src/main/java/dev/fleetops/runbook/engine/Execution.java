package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.runbook.document.Document;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The handle on one running (or finished) Automation execution: its id, status, record, and cancel. The work is
 * done by its flow ({@link ExecutionFlow}), its record keeping ({@link RunRecords}) and its interpolation scope
 * ({@link RunScope}), all on the scheduler's thread; {@link #cancel()} may be called from any thread. Approvals
 * and resumes reach a waiting execution as signals in the {@link ExecutionStore} (see {@link Decider}).
 */
public final class Execution {

    /**
     * The cancel path (onCancel: step:X) runs at most this long (AWS Systems Manager User Guide: Automation step
     * properties, onCancel: the cancel path has up to two minutes).
     */
    public static final Duration CANCEL_PATH_LIMIT = Duration.ofMinutes(2);

    private final Document document;
    private final RunRecords records;
    private final ExecutionFlow flow;

    Execution(EngineServices services, Document document, String id, Map<String, JsonNode> parameters,
              Map<String, JsonNode> variables, List<String> notes, Restored restored, Optional<String> parentId,
              Map<String, List<String>> journaledAlso, String tokenScope) {
        this.document = document;
        this.records = new RunRecords(id, document, parameters, notes, services, restored.any(), parentId, journaledAlso);
        RunScope scope = new RunScope(id, parameters, variables, records, services.cloud(), services.scheduler());
        this.flow = new ExecutionFlow(services, document, records, scope, restored, tokenScope);
    }

    public String id() {
        return records.id();
    }

    public Document document() {
        return document;
    }

    public Status status() {
        return records.status();
    }

    /** Completes with the final record once the execution is terminal. */
    public CompletionStage<ExecutionRecord> result() {
        return flow.result();
    }

    /** Requests a cancel (Ctrl-C): the running step is cancelled, its onCancel path runs, the run ends Cancelled. */
    public void cancel() {
        flow.cancel();
    }

    /** A snapshot with SSM's member names. Call on the scheduler's thread (or after the end) for a consistent view. */
    public ExecutionRecord record() {
        return records.record();
    }

    /** Starts the flow (on the scheduler's thread). */
    void begin() {
        flow.begin();
    }

    /** The run could not begin (a parameter default could not be read): {@link #result()} fails with {@code cause}. */
    void failToStart(Throwable cause) {
        flow.result().completeExceptionally(cause);
    }
}

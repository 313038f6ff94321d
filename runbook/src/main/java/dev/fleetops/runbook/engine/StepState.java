package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.document.Step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The mutable state of one step while an execution runs; {@link #record()} is its SSM-shaped snapshot. */
final class StepState {

    final Step step;
    Status status = Status.Pending;
    int attempt;
    ObjectNode inputs;
    Map<String, JsonNode> outputs = new LinkedHashMap<>();
    String failureMessage;
    String failureType;
    Instant start;
    Instant end;
    final List<StepRecord.ApiCall> calls = new ArrayList<>();
    final List<ExecutionRecord> children = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** aws:loop: a step of the body jumped out. */
    boolean exited;
    /** aws:loop: the onCancel target of the body step that was cancelled. */
    Optional<String> cancelTarget = Optional.empty();
    /** How many times the step started in this execution (restored runs included); kept across {@link #reset()}. */
    int runs;
    /** The last snapshot; records are saved on every transition, so unchanged steps are not copied again. */
    private StepRecord cached;

    StepState(Step step) {
        this.step = step;
    }

    /** Back to Pending, for a new pass of a loop body (the previous pass is in the loop's child records). */
    void reset() {
        cached = null;
        status = Status.Pending;
        attempt = 0;
        inputs = null;
        outputs = new LinkedHashMap<>();
        failureMessage = null;
        failureType = null;
        start = null;
        end = null;
        calls.clear();
        children.clear();
        notes.clear();
        exited = false;
        cancelTarget = Optional.empty();
    }

    /** The step changed: the next snapshot is taken afresh. */
    void changed() {
        cached = null;
    }

    StepRecord record() {
        if (cached != null) return cached;
        Map<String, JsonNode> in = new LinkedHashMap<>();
        if (inputs != null) inputs.fields().forEachRemaining(e -> in.put(e.getKey(), e.getValue()));
        cached = new StepRecord(step.name(), step.action(), status, attempt, in, new LinkedHashMap<>(outputs),
                Optional.ofNullable(failureMessage), Optional.ofNullable(failureType), Optional.ofNullable(start),
                Optional.ofNullable(end), List.copyOf(calls), List.copyOf(children), List.copyOf(notes));
        return cached;
    }
}

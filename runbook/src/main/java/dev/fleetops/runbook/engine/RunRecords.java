package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.Step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The record keeping of one execution: its status, the step states and notes; every transition is saved to the
 * store, told to the journal when it matters for resuming, and published as a {@link RunbookEvent}. Changed on the
 * scheduler's thread only; {@link #status()} may be read from any thread.
 */
final class RunRecords {

    private final String id;
    private final Document document;
    private final Map<String, JsonNode> parameters;
    private final EngineServices services;
    private final Map<String, StepState> states = new LinkedHashMap<>();
    private final List<String> notes;

    /** Resumed from the journal: its started entry is there already. */
    final boolean restored;
    private final Optional<String> parentId;
    /** Entries the started entry holds besides the parameters (a Command document's wrapper: what recovery restarts). */
    private final Map<String, List<String>> journaledAlso;
    private volatile Status status = Status.Pending;
    private Instant start;
    private Instant end;
    private String failureMessage;
    /** Step transitions since the record was last saved, and how many may wait for the next save (see {@link #SAVES_PER_PASS}). */
    private int unsaved;
    private Status savedStatus;
    private final int saveEvery;

    RunRecords(String id, Document document, Map<String, JsonNode> parameters, List<String> notes, EngineServices services,
               boolean restored, Optional<String> parentId, Map<String, List<String>> journaledAlso) {
        this.parentId = parentId;
        this.journaledAlso = Map.copyOf(journaledAlso);
        this.id = id;
        this.restored = restored;
        this.document = document;
        this.parameters = parameters;
        this.notes = new ArrayList<>(notes);
        this.services = services;
        for (Step s : document.allSteps()) states.putIfAbsent(s.name(), new StepState(s));
        this.saveEvery = Math.max(1, document.mainSteps().size() / SAVES_PER_PASS);
    }

    /**
     * A snapshot costs one record per main step, so saving one on every step transition made a run quadratic in
     * the document's length (a 50,000-step document spent its time copying records). Step transitions are saved
     * every {@code mainSteps / 32} transitions instead (every transition below 64 steps): the saved work is at
     * most 32 records per transition, linear in the run. The run's own transitions (started, waiting, cancelling,
     * ended) are always saved at once: they are what {@code resume} and readers of the store act on.
     */
    static final int SAVES_PER_PASS = 32;

    String id() {
        return id;
    }

    Status status() {
        return status;
    }

    boolean started() {
        return start != null;
    }

    StepState state(String step) {
        return states.get(step);
    }

    void note(String text) {
        notes.add(text);
    }

    // ------------------------------------------------------------------ the execution

    void started(Instant at) {
        status = Status.InProgress;
        start = at;
        save();
        if (!restored) {
            Map<String, List<String>> journaled = parameterStrings();
            journaled.putAll(journaledAlso);
            services.journal().started(id, document.name(), Optional.empty(), journaled, parentId);
        }
        services.events().publish(() -> new RunbookEvent.ExecutionStarted(record()));
    }

    void status(Status s) {
        status = s;
    }

    /** Cancelling, or Waiting and back: a transition of the run that is saved but not an event of its own. */
    void statusSaved(Status s) {
        status = s;
        save();
    }

    /** The final record, saved and published; false when the run was already terminal. */
    Optional<ExecutionRecord> finish(Status final_, String message, Instant at) {
        if (status.terminal()) return Optional.empty();
        status = final_;
        failureMessage = message;
        end = at;
        ExecutionRecord r = record();
        unsaved = 0;
        services.store().save(r);
        services.journal().ended(r);
        services.events().publish(new RunbookEvent.ExecutionEnded(r));
        return Optional.of(r);
    }

    // ------------------------------------------------------------------ steps

    void stepStarted(StepState s) {
        s.changed();
        stepSaved(s);
        services.events().publish(() -> new RunbookEvent.StepStarted(id, s.record()));
    }

    void stepChanged(StepState s) {
        s.changed();
        stepSaved(s);
        services.events().publish(() -> new RunbookEvent.StepChanged(id, s.record()));
    }

    void stepEnded(StepState s) {
        s.changed();
        stepSaved(s);
        services.journal().stepEnded(id, s.step.name(), s.record());
        services.events().publish(() -> new RunbookEvent.StepEnded(id, s.record()));
    }

    /** A step whose result the journal held: recorded and published as ended, not journaled again. */
    void stepRestored(StepState s) {
        s.changed();
        stepSaved(s);
        services.events().publish(() -> new RunbookEvent.StepEnded(id, s.record()));
    }

    void callMade(StepState s, StepRecord.ApiCall call) {
        s.calls.add(call);
        s.changed();
        services.events().publish(() -> new RunbookEvent.ApiCalled(id, s.step.name(), s.attempt, call));
    }

    /** Saved at once when the run's status moved or the step waits for people: what {@code resume} looks for. */
    private void stepSaved(StepState s) {
        if (++unsaved >= saveEvery || status != savedStatus || s.status == Status.Waiting) save();
    }

    private void save() {
        unsaved = 0;
        savedStatus = status;
        services.store().save(record());
    }

    // ------------------------------------------------------------------ snapshots

    /** A snapshot with SSM's member names. */
    ExecutionRecord record() {
        List<StepRecord> steps = new ArrayList<>(document.mainSteps().size());
        for (Step s : document.mainSteps()) steps.add(states.get(s.name()).record());
        return new ExecutionRecord(id, "runbook", document.name(), status, Optional.ofNullable(start), Optional.ofNullable(end),
                parameterStrings(), outputs(), Optional.ofNullable(failureMessage), steps, Optional.empty(), List.copyOf(notes));
    }

    /** The record of one pass over a loop body, kept as a child record of the loop step. */
    ExecutionRecord pass(StepState loop, int iteration, JsonNode value, Status passStatus, Instant passStart, Instant passEnd) {
        List<StepRecord> records = new ArrayList<>();
        for (Step s : loop.step.steps()) records.add(states.get(s.name()).record());
        return new ExecutionRecord(id + ":" + loop.step.name() + ":" + iteration, "loop-iteration",
                loop.step.name(), passStatus, Optional.of(passStart), Optional.of(passEnd),
                Map.of("CurrentIteration", List.of(String.valueOf(iteration)),
                        "CurrentIteratorValue", value == null ? List.of() : List.of(text(value))),
                Map.of(), Optional.empty(), records, Optional.empty(), List.of());
    }

    private Map<String, List<String>> parameterStrings() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            List<String> values = new ArrayList<>();
            if (v.isArray()) v.forEach(i -> values.add(text(i)));
            else values.add(text(v));
            out.put(k, values);
        });
        return out;
    }

    private Map<String, JsonNode> outputs() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String ref : document.outputs()) {
            int dot = ref.indexOf('.');
            if (dot <= 0) continue;
            StepState s = states.get(ref.substring(0, dot));
            if (s == null) continue;
            JsonNode v = s.outputs.get(ref.substring(dot + 1));
            if (v != null) out.put(ref, v);
        }
        return out;
    }

    static String text(JsonNode v) {
        return v.isTextual() ? v.textValue() : v.toString();
    }
}

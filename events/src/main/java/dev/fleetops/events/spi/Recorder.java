package dev.fleetops.events.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.time.Scheduler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects a handler's record while it runs: API calls (service, operation, key parameters, error code), steps
 * with their timings, notes and deadline notes. Thread-safe (SDK callbacks may complete on other threads
 * against real AWS). Times come from the scheduler.
 */
public final class Recorder {

    private final Scheduler scheduler;
    private final String handler;
    private final Event event;
    private final Optional<Instant> deadline;
    private final Instant start;
    private final List<StepRecord> steps = new ArrayList<>();
    private final List<StepRecord.ApiCall> calls = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> deadlineNotes = new ArrayList<>();
    private final List<ExecutionRecord> runbooks = new ArrayList<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();

    public Recorder(Scheduler scheduler, String handler, Event event, Optional<Instant> deadline) {
        this.scheduler = scheduler;
        this.handler = handler;
        this.event = event;
        this.deadline = deadline;
        this.start = scheduler.now();
    }

    public Instant now() {
        return scheduler.now();
    }

    /** Records an API call as it is sent. {@code keyValues}: name, value, name, value... */
    public synchronized void call(String service, String operation, String... keyValues) {
        calls.add(new StepRecord.ApiCall(service, operation, pairs(keyValues), scheduler.now(), Optional.empty()));
    }

    /** Records an API call that failed with an AWS error code. */
    public synchronized void failedCall(String service, String operation, String errorCode, String... keyValues) {
        calls.add(new StepRecord.ApiCall(service, operation, pairs(keyValues), scheduler.now(), Optional.of(errorCode)));
    }

    public synchronized void note(String text) {
        notes.add(text);
    }

    /** A note about the deadline (e.g. "the drain could not finish before the interruption at ..."). */
    public synchronized void deadlineNote(String text) {
        deadlineNotes.add(text);
    }

    public synchronized void output(String name, String value) {
        outputs.put(name, value);
    }

    public synchronized void runbook(ExecutionRecord execution) {
        runbooks.add(execution);
    }

    /** A finished step with its timing (start from an earlier {@link #now()}). */
    public synchronized void step(String name, String action, Status status, Instant stepStart,
                                  Map<String, JsonNode> outputs, Optional<String> failure) {
        steps.add(new StepRecord(name, action, status, 1, Map.of(), outputs, failure, Optional.empty(),
                Optional.of(stepStart), Optional.of(scheduler.now()), List.of(), List.of(), List.of()));
    }

    public synchronized HandlerRecord finish(Status status) {
        return finish(status, Optional.empty());
    }

    public synchronized HandlerRecord failed(String message) {
        return finish(Status.Failed, Optional.of(message));
    }

    public synchronized HandlerRecord finish(Status status, Optional<String> failure) {
        return new HandlerRecord("", handler, event.id(), status, start, scheduler.now(), deadline, steps, calls,
                notes, deadlineNotes, runbooks, outputs, failure);
    }

    private static Map<String, String> pairs(String... kv) {
        if (kv.length % 2 != 0) throw new IllegalArgumentException("key parameters come in name, value pairs");
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}

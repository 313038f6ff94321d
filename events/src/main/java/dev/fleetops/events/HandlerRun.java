package dev.fleetops.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.spi.HandlerJournal;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.JournaledRun;
import dev.fleetops.journal.Recorded;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One handler run's journal (kind {@code handler}): intents and results of its calls, its once-taken decisions,
 * and its end. A continued run starts from what its history holds: successful calls by identity, with their
 * responses, and decisions by name.
 */
final class HandlerRun implements HandlerJournal {

    static final String RESPONSE = "Response";
    static final String DECISION = "Decision";

    private final JournaledRun run;
    private final Runnable onClose;
    /** The execution id of the first attempt at this event's handling by this rule (this run's own on a first attempt). */
    private final String firstAttempt;
    /** Successful calls and decisions already in the journal, by step: their response or value. */
    private final Map<String, JsonNode> done = new ConcurrentHashMap<>();
    /** Attempts already journaled per step, so a continued run numbers its attempts on. */
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    HandlerRun(JournaledRun run, String firstAttempt, Runnable onClose) {
        this.run = run;
        this.firstAttempt = firstAttempt;
        this.onClose = onClose;
        for (Recorded r : run.history()) {
            if (r.entry() instanceof Entry.StepIntent i) attempts.merge(i.step(), 1, Integer::sum);
            if (r.entry() instanceof Entry.StepResult s && s.status() == Status.Success) {
                JsonNode v = s.outputs().containsKey(DECISION) ? s.outputs().get(DECISION) : s.outputs().get(RESPONSE);
                if (v != null) done.put(s.step(), v);
            }
        }
    }

    /** Whether the run continues one a crash (or a stopped replica) left in the journal. */
    boolean continued() {
        return run.history().size() > 1;
    }

    @Override
    public CompletionStage<Optional<JsonNode>> before(String step, int attempt, String service, String operation,
                                                      JsonNode request, boolean replay) {
        JsonNode recorded = replay ? done.get(step) : null;
        if (recorded != null) return CompletableFuture.completedFuture(Optional.of(recorded));
        int n = number(step, attempt);
        return run.append(new Entry.StepIntent(run.now(), step, n, service, operation, run.executionId() + ":" + step + ":" + n,
                request)).thenApply(seq -> Optional.empty());
    }

    @Override
    public void after(String step, int attempt, Optional<JsonNode> response, Optional<String> error) {
        int n = number(step, attempt);
        response.ifPresent(r -> done.put(step, r));
        run.append(new Entry.StepResult(run.now(), step, n, error.isEmpty() ? Status.Success : Status.Failed,
                response.map(r -> Map.of(RESPONSE, r)).orElse(Map.of()), error));
    }

    @Override
    public CompletionStage<JsonNode> once(String step, Supplier<? extends CompletionStage<JsonNode>> decide) {
        JsonNode recorded = done.get(step);
        if (recorded != null) return CompletableFuture.completedFuture(recorded);
        return decide.get().thenCompose(v -> run.append(new Entry.StepResult(run.now(), step, 1, Status.Success,
                Map.of(DECISION, v), Optional.empty())).thenApply(seq -> {
                    done.put(step, v);
                    return v;
                }));
    }

    @Override
    public Optional<String> executionId() {
        return Optional.of(run.executionId());
    }

    @Override
    public Optional<String> childId(int n) {
        return Optional.of(childId(run.executionId(), n));
    }

    /** The first attempt's {@code n}th child id: a new attempt's runbook repeats that one's call tokens. */
    @Override
    public Optional<String> tokenScope(int n) {
        return Optional.of(childId(firstAttempt, n));
    }

    /** The execution id of the {@code n}th runbook (1-based) run {@code runId} starts: the same on every replica. */
    static String childId(String runId, int n) {
        return UUID.nameUUIDFromBytes((runId + "/child/" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Ends the run with the record's status (then a later delivery of the event is a new attempt). */
    CompletionStage<Void> end(HandlerRecord record) {
        return run.end(record.status(), record.failureMessage()).whenComplete((v, e) -> onClose.run());
    }

    /** Leaves the run open, lease given up: a stop or a lost lease, for the next delivery or replica to continue. */
    void leave() {
        run.close();
        onClose.run();
    }

    private int number(String step, int attempt) {
        return attempts.getOrDefault(step, 0) + attempt;
    }
}

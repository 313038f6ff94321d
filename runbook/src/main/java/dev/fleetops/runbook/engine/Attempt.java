package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.api.ReadCoalescer;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.action.CallToken;
import dev.fleetops.runbook.action.control.BodyOutcome;
import dev.fleetops.runbook.action.control.ControlContext;
import dev.fleetops.runbook.action.control.Decision;
import dev.fleetops.runbook.action.control.DecisionRequest;
import dev.fleetops.runbook.document.Parameter;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.source.Node;
import dev.fleetops.time.Scheduler;
import dev.fleetops.waiters.Backoff;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * What an action sees during one attempt of a step. Everything it reports (API calls, notes, decisions) reaches
 * the step record on the scheduler's thread, whichever thread the SDK answered on.
 */
final class Attempt implements ControlContext {

    private final ExecutionFlow flow;
    private final StepRun run;
    private final ObjectNode inputs;
    private final Instant deadline;
    private final StopToken stop;
    private final CompletableFuture<StepRun.AttemptEnd> settled = new CompletableFuture<>();
    /** Calls made by this attempt, numbering their journal tokens; actions may call from the SDK's threads. */
    private final AtomicInteger calls = new AtomicInteger();
    private final IntentWaits intentWaits = new IntentWaits();
    /** This attempt of this execution, for shared reads: it sees its execution's writes, and news on each poll. */
    private final ReadCoalescer.Reader reader;

    Attempt(ExecutionFlow flow, StepRun run, ObjectNode inputs, Instant deadline, StopToken parentStop) {
        this.flow = flow;
        this.run = run;
        this.inputs = inputs;
        this.deadline = deadline;
        this.stop = parentStop.child(() -> settle(new StepRun.AttemptEnd.Cancelled()));
        this.reader = new ReadCoalescer.Reader(flow.records.id(), this);
    }

    void settle(StepRun.AttemptEnd end) {
        settled.complete(end);
    }

    CompletableFuture<StepRun.AttemptEnd> settled() {
        return settled;
    }

    /** The attempt is over: the action is told to stop (if it still runs) and the token leaves its parent. */
    void close() {
        stop.detach();
        stop.stop();
    }

    @Override
    public String executionId() {
        return flow.records.id();
    }

    @Override
    public String stepName() {
        return run.step().name();
    }

    @Override
    public ObjectNode inputs() {
        return inputs;
    }

    @Override
    public Cloud cloud() {
        return flow.services.cloud();
    }

    @Override
    public Scheduler scheduler() {
        return flow.scheduler();
    }

    @Override
    public boolean simulated() {
        return flow.services.simulated();
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public CompletionStage<Void> cancelled() {
        return stop.future();
    }

    @Override
    public CompletionStage<JsonNode> call(String service, String operation, JsonNode input) {
        return call(service, operation, input, Optional.empty());
    }

    /** The per-call limit starts once the intent is durable, when the call is sent. */
    @Override
    public CompletionStage<JsonNode> call(String service, String operation, JsonNode input, Duration limit) {
        return call(service, operation, input, Optional.of(limit));
    }

    private CompletionStage<JsonNode> call(String service, String operation, JsonNode input, Optional<Duration> limit) {
        Instant at = scheduler().now();
        CompletableFuture<JsonNode> out = new CompletableFuture<>();
        String token = token(calls.incrementAndGet());
        // write-ahead: the call is sent once its intent is durable; a failed journal write fails the attempt
        intentWaits.begin();
        CompletionStage<Void> durable = flow.services.journal().aboutToCall(executionId(), stepName(), run.state().attempt,
                service + ":" + operation, token, input);
        durable.whenComplete((v, e) -> intentWaits.end());
        CompletionStage<JsonNode> call = durable.thenCompose(v -> {
            CompletionStage<JsonNode> sent = flow.services.invoker().invoke(cloud(), service, operation, input, reader);
            return limit.isEmpty() ? sent : dev.fleetops.runbook.action.ActionFailure.within(scheduler(), limit.get(),
                    service + " " + operation, sent);
        });
        call.whenComplete((response, error) -> scheduler().schedule(Duration.ZERO, () -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            String code = cause == null ? null : cause instanceof AwsServiceException a && a.awsErrorDetails() != null
                    ? a.awsErrorDetails().errorCode() : cause.getClass().getSimpleName();
            flow.records.callMade(run.state(), new StepRecord.ApiCall(service, operation, keyParameters(input), at,
                    Optional.ofNullable(code)));
            if (cause != null) out.completeExceptionally(cause);
            else out.complete(response);
        }));
        return out;
    }

    /**
     * How long this attempt has waited for its own intents to become durable: the step's timeout does not count it
     * (a call's time starts when it is sent, docs/recovery.md, "Timeouts and the journal").
     */
    Duration intentWait() {
        return intentWaits.total();
    }

    /** Time during which at least one of this attempt's intents was waiting for the journal. */
    private final class IntentWaits {
        private int pending;
        private Instant since;
        private Duration total = Duration.ZERO;

        synchronized void begin() {
            if (pending++ == 0) since = scheduler().now();
        }

        synchronized void end() {
            if (--pending == 0) total = total.plus(Duration.between(since, scheduler().now()));
        }

        synchronized Duration total() {
            return pending == 0 ? total : total.plus(Duration.between(since, scheduler().now()));
        }
    }

    /** The journal token of this attempt's {@code n}th call. */
    private String token(int n) {
        return flow.tokenScope + ":" + stepName() + ":" + run.state().attempt + ":" + n;
    }

    @Override
    public CallToken nextCallToken() {
        String token = token(calls.get() + 1);
        return new CallToken(token, run.state().runs, flow.restored.intentJournaled(token));
    }

    /** Top-level scalar members and lists of scalars, which identify what a call touched (for records and IAM). */
    static Map<String, String> keyParameters(JsonNode input) {
        Map<String, String> out = new LinkedHashMap<>();
        if (input == null || !input.isObject()) return out;
        input.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            String text = null;
            if (v.isValueNode()) text = v.asText();
            else if (v.isArray()) {
                StringBuilder b = new StringBuilder();
                for (JsonNode item : v) {
                    if (!item.isValueNode()) return;
                    if (b.length() > 0) b.append(',');
                    b.append(item.asText());
                }
                text = b.toString();
            }
            if (text != null) out.put(e.getKey(), text.length() > 256 ? text.substring(0, 253) + "..." : text);
        });
        return out;
    }

    @Override
    public CompletionStage<ExecutionRecord> runChild(String documentName, Map<String, List<String>> parameters) {
        String childId = flow.nextChildId();
        return flow.services.children().start(documentName, parameters, executionId(), childId).thenCompose(child -> {
            scheduler().schedule(Duration.ZERO, () -> {
                flow.services.events().publish(() -> new RunbookEvent.ChildStarted(executionId(), stepName(), child.id(),
                        child.document().name()));
                if (stop.isStopped()) child.cancel();
                else stop.child(child::cancel);
            });
            return child.result().whenComplete((r, e) -> {
                if (r != null) scheduler().schedule(Duration.ZERO, () -> {
                    run.state().children.removeIf(c -> c.id().equals(r.id()));
                    run.state().children.add(r);
                    flow.records.stepChanged(run.state());
                });
            });
        });
    }

    @Override
    public CompletionStage<Decision> decide(DecisionRequest request) {
        return flow.awaitDecision(run.state(), request, stop);
    }

    @Override
    public Map<String, JsonNode> variables() {
        return flow.scope.variables();
    }

    @Override
    public Backoff pollBackoff() {
        return flow.services.pollBackoff();
    }

    @Override
    public Backoff pollBackoff(String service, String operation) {
        // Shared with other executions: half a tick after each answer, so the next poll joins the next aligned tick
        // (never the one after) at no extra cost. Alone: the usual backoff, as if nothing were shared.
        Backoff own = pollBackoff();
        return flow.services.invoker().reads().filter(r -> ReadCoalescer.coalesces(service, operation))
                .<Backoff>map(r -> (attempt, random) -> r.shared(cloud(), service, operation, executionId())
                        ? r.tick().dividedBy(2) : own.delay(attempt, random))
                .orElse(own);
    }

    @Override
    public RandomGenerator random() {
        return flow.services.random();
    }

    @Override
    public void note(String text) {
        scheduler().schedule(Duration.ZERO, () -> {
            run.state().notes.add(text);
            run.state().changed();
        });
    }

    @Override
    public void progress(String text) {
        flow.services.events().publish(() -> new RunbookEvent.Progress(executionId(), stepName(), text));
    }

    @Override
    public Step step() {
        return run.step();
    }

    @Override
    public JsonNode evaluate(Node raw) {
        return flow.scope.interpolator().evaluate(raw);
    }

    @Override
    public CompletionStage<BodyOutcome> runBody(int iteration, JsonNode iteratorValue) {
        return flow.runBody(run.state(), iteration, iteratorValue, stop);
    }

    @Override
    public Optional<Parameter> variable(String name) {
        return Optional.ofNullable(flow.document.variables().get(name));
    }
}

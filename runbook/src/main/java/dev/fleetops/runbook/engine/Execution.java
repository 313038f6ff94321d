package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One running (or finished) Automation execution: its parameters, step states, variables and status, the
 * top-level flow with the cancel path (onCancel, at most 2 minutes), and the final status rules of reference 2.2.
 * All state changes happen on the scheduler's thread; {@link #cancel()} may be called from any thread.
 */
public final class Execution {

    /** The cancel path (onCancel: step:X) runs at most this long (reference 2.1). */
    public static final Duration CANCEL_PATH_LIMIT = Duration.ofMinutes(2);

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd_HH.mm.ss").withZone(ZoneOffset.UTC);

    private final RunbookEngine engine;
    private final Document document;
    private final String id;
    private final Map<String, JsonNode> parameters;
    private final Map<String, StepState> states = new LinkedHashMap<>();
    private final Map<String, JsonNode> variables = new LinkedHashMap<>();
    private final Map<String, JsonNode[]> loopValues = new LinkedHashMap<>();
    private final List<String> notes;
    private final Interpolator interpolator = new Interpolator(this::resolve);
    private final StopToken cancelRequested = new StopToken();
    private final CompletableFuture<ExecutionRecord> result = new CompletableFuture<>();

    private volatile Status status = Status.Pending;
    private Instant start;
    private Instant end;
    private String failureMessage;
    private String criticalFailure;
    private volatile int externalWaits;

    Execution(RunbookEngine engine, Document document, String id, Map<String, JsonNode> parameters,
              Map<String, JsonNode> variables, List<String> notes) {
        this.engine = engine;
        this.document = document;
        this.id = id;
        this.parameters = parameters;
        this.variables.putAll(variables);
        this.notes = new ArrayList<>(notes);
        for (Step s : document.allSteps()) states.putIfAbsent(s.name(), new StepState(s));
    }

    // ------------------------------------------------------------------ public handle

    public String id() {
        return id;
    }

    public Document document() {
        return document;
    }

    public Status status() {
        return status;
    }

    /** Completes with the final record once the execution is terminal. */
    public CompletionStage<ExecutionRecord> result() {
        return result;
    }

    /** Requests a cancel (Ctrl-C): the running step is cancelled, its onCancel path runs, the run ends Cancelled. */
    public void cancel() {
        scheduler().schedule(Duration.ZERO, () -> {
            if (status.terminal() || cancelRequested.isStopped()) return;
            status = Status.Cancelling;
            notes.add("cancel requested at " + now());
            save();
            cancelRequested.stop();
            if (start == null) finish(Status.Cancelled, "cancelled before it started");
        });
    }

    /** True while a step waits for a decision from another process (a virtual-time driver holds the clock then). */
    public boolean awaitingExternalDecision() {
        return externalWaits > 0;
    }

    /** A snapshot with SSM's member names. Call on the scheduler's thread (or after the end) for a consistent view. */
    public ExecutionRecord record() {
        List<StepRecord> steps = new ArrayList<>(document.mainSteps().size());
        for (Step s : document.mainSteps()) steps.add(states.get(s.name()).record());
        return new ExecutionRecord(id, "runbook", document.name(), status, Optional.ofNullable(start), Optional.ofNullable(end),
                parameterStrings(), outputs(), Optional.ofNullable(failureMessage), steps, Optional.empty(), List.copyOf(notes));
    }

    // ------------------------------------------------------------------ flow

    void begin() {
        if (cancelRequested.isStopped()) return;
        status = Status.InProgress;
        start = now();
        save();
        engine.listener().executionStarted(record());
        new ScopeRunner(this, document.mainSteps(), false, cancelRequested).run(0).whenComplete((flow, error) -> {
            if (error != null) finish(Status.Failed, "internal error: " + error);
            else afterMainSteps(flow);
        });
    }

    private void afterMainSteps(Flow flow) {
        if (flow instanceof Flow.Cancel c) {
            Optional<Integer> at = c.onCancel().flatMap(this::mainIndex);
            if (at.isEmpty()) {
                c.onCancel().ifPresent(t -> notes.add("onCancel step " + t + " is not among mainSteps; not run"));
                finish(Status.Cancelled, "cancelled");
                return;
            }
            notes.add("cancel path: running onCancel step " + c.onCancel().get() + " (at most " + CANCEL_PATH_LIMIT.toMinutes() + " min)");
            StopToken limit = new StopToken();
            Scheduler.Cancellable timer = scheduler().schedule(CANCEL_PATH_LIMIT, () -> {
                notes.add("cancel path stopped: it ran longer than " + CANCEL_PATH_LIMIT.toMinutes() + " min");
                limit.stop();
            });
            new ScopeRunner(this, document.mainSteps(), false, limit).run(at.get()).whenComplete((f, e) -> {
                timer.cancel();
                finish(Status.Cancelled, "cancelled");
            });
        } else if (cancelRequested.isStopped()) {
            finish(Status.Cancelled, "cancelled");
        } else if (flow instanceof Flow.Abort a) {
            finish(a.status(), a.message());
        } else if (flow instanceof Flow.Exit x) {
            finish(Status.Failed, "no step named " + x.target());
        } else if (criticalFailure != null) {
            finish(Status.Failed, criticalFailure);
        } else {
            finish(Status.Success, null);
        }
    }

    private Optional<Integer> mainIndex(String step) {
        List<Step> main = document.mainSteps();
        for (int i = 0; i < main.size(); i++) if (main.get(i).name().equals(step)) return Optional.of(i);
        return Optional.empty();
    }

    private void finish(Status final_, String message) {
        if (status.terminal()) return;
        status = final_;
        failureMessage = message;
        end = now();
        ExecutionRecord r = record();
        engine.store().save(r);
        engine.listener().executionEnded(r);
        engine.ended(this);
        result.complete(r);
    }

    /** One pass over a loop body; the pass is recorded as a child record of the loop step. */
    CompletionStage<BodyOutcome> runBody(StepState loop, int iteration, JsonNode value, StopToken stop) {
        loopValues.put(loop.step.name(), new JsonNode[]{IntNode.valueOf(iteration), value});
        loop.outputs.put("CurrentIteration", IntNode.valueOf(iteration));
        if (value != null) loop.outputs.put("CurrentIteratorValue", value);
        loop.changed();
        Instant passStart = now();
        List<Step> body = new ArrayList<>();
        collect(loop.step.steps(), body);
        for (Step s : body) states.get(s.name()).reset();
        return new ScopeRunner(this, loop.step.steps(), true, stop).run(0).thenApply(flow -> {
            BodyOutcome outcome;
            Status passStatus;
            if (flow instanceof Flow.Exit x) {
                loop.exited = true;
                outcome = new BodyOutcome.Exited(x.target());
                passStatus = Status.Exited;
            } else if (flow instanceof Flow.Abort a) {
                outcome = new BodyOutcome.Failed(a.status(), a.message());
                passStatus = a.status();
            } else if (flow instanceof Flow.Cancel c) {
                loop.cancelTarget = c.onCancel();
                outcome = new BodyOutcome.Cancelled();
                passStatus = Status.Cancelled;
            } else {
                outcome = new BodyOutcome.Completed();
                passStatus = Status.Success;
            }
            List<StepRecord> records = new ArrayList<>();
            for (Step s : loop.step.steps()) records.add(states.get(s.name()).record());
            loop.children.add(new ExecutionRecord(id + ":" + loop.step.name() + ":" + iteration, "loop-iteration",
                    loop.step.name(), passStatus, Optional.of(passStart), Optional.of(now()),
                    Map.of("CurrentIteration", List.of(String.valueOf(iteration)),
                            "CurrentIteratorValue", value == null ? List.of() : List.of(text(value))),
                    Map.of(), Optional.empty(), records, Optional.empty(), List.of()));
            stepChanged(loop);
            return outcome;
        });
    }

    private static void collect(List<Step> steps, List<Step> out) {
        for (Step s : steps) {
            out.add(s);
            collect(s.steps(), out);
        }
    }

    CompletionStage<Decision> awaitDecision(StepState step, DecisionRequest request, StopToken stop) {
        boolean external = engine.decider().external();
        step.status = Status.Waiting;
        if (status == Status.InProgress) status = Status.Waiting;
        if (external) externalWaits++;
        stepChanged(step);
        return engine.decider().decide(request, stop.future()).whenComplete((d, e) -> scheduler().schedule(Duration.ZERO, () -> {
            if (external) externalWaits--;
            if (step.status == Status.Waiting) step.status = Status.InProgress;
            if (status == Status.Waiting) status = Status.InProgress;
            stepChanged(step);
        }));
    }

    // ------------------------------------------------------------------ what steps report

    void stepStarted(StepState s) {
        s.changed();
        save();
        engine.listener().stepStarted(id, s.record());
    }

    void stepChanged(StepState s) {
        s.changed();
        save();
        engine.listener().stepChanged(id, s.record());
    }

    void stepEnded(StepState s) {
        s.changed();
        save();
        engine.listener().stepEnded(id, s.record());
    }

    void criticalFailure(Step step, Status stepStatus, String message) {
        if (criticalFailure == null) {
            criticalFailure = "Step " + step.name() + " " + (stepStatus == Status.TimedOut ? "timed out" : "failed")
                    + " and is critical: " + message;
        }
    }

    void internalError(Step step, Throwable error) {
        notes.add("internal error in step " + step.name() + ": " + error);
    }

    private void save() {
        engine.store().save(record());
    }

    // ------------------------------------------------------------------ interpolation

    JsonNode resolve(String token) {
        if (token.equals("automation:EXECUTION_ID")) return TextNode.valueOf(id);
        if (token.startsWith("automation:")) throw new InterpolationError("unknown automation variable {{ " + token + " }}; the only one is automation:EXECUTION_ID");
        if (token.startsWith("global:")) return TextNode.valueOf(global(token.substring(7)));
        if (token.startsWith("variable:")) {
            JsonNode v = variables.get(token.substring(9));
            if (v == null) throw new InterpolationError("runbook variable " + token.substring(9) + " is not defined (top-level variables)");
            return v;
        }
        if (token.startsWith("ssm:") || token.startsWith("ssm-secure:")) {
            throw new InterpolationError("{{ " + token + " }}: Parameter Store references are only allowed in parameter defaults");
        }
        JsonNode p = parameters.get(token);
        if (p != null) return p;
        int dot = token.indexOf('.');
        if (dot > 0) {
            StepState s = states.get(token.substring(0, dot));
            String output = token.substring(dot + 1);
            if (s != null) {
                JsonNode[] loop = loopValues.get(s.step.name());
                if (loop != null && output.equals("CurrentIteration")) return loop[0];
                if (loop != null && output.equals("CurrentIteratorValue") && loop[1] != null) return loop[1];
                JsonNode v = s.outputs.get(output);
                if (v != null) return v;
                throw new InterpolationError("step " + s.step.name() + " has no output " + output
                        + (s.status == Status.Pending ? " (it has not run)" : " (status " + s.status + ")"));
            }
        }
        throw new InterpolationError("{{ " + token + " }} is neither a parameter nor a step output");
    }

    private String global(String name) {
        return switch (name) {
            case "ACCOUNT_ID" -> engine.cloud().accountId();
            case "REGION" -> engine.cloud().region();
            case "AWS_PARTITION" -> partition(engine.cloud().region());
            case "DATE" -> DATE.format(now());
            case "DATE_TIME" -> DATE_TIME.format(now());
            default -> throw new InterpolationError("unknown global variable global:" + name
                    + "; known: ACCOUNT_ID, REGION, AWS_PARTITION, DATE, DATE_TIME");
        };
    }

    static String partition(String region) {
        if (region.startsWith("cn-")) return "aws-cn";
        if (region.startsWith("us-gov-")) return "aws-us-gov";
        if (region.startsWith("us-iso-")) return "aws-iso";
        if (region.startsWith("us-isob-")) return "aws-iso-b";
        return "aws";
    }

    // ------------------------------------------------------------------ helpers

    RunbookEngine engine() {
        return engine;
    }

    Scheduler scheduler() {
        return engine.scheduler();
    }

    Instant now() {
        return engine.scheduler().now();
    }

    Interpolator interpolator() {
        return interpolator;
    }

    StepState state(String step) {
        return states.get(step);
    }

    Map<String, JsonNode> variables() {
        return variables;
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

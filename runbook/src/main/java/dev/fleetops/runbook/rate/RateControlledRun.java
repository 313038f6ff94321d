package dev.fleetops.runbook.rate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One rate-controlled run in progress (AWS Systems Manager User Guide: Running automations
 * with rate control): one child run per target,
 * in target order; at most {@code window} children in flight, the window starting at 1 and doubling each time a
 * child completes, up to the concurrency; no child starts once errors exceed the allowed errors (or the caller
 * stopped it, e.g. at a maintenance window's cutoff); children in flight finish; the rest are not started.
 *
 * <p>State changes happen on the scheduler (child completions hop onto it), guarded by this object's monitor for
 * the real-time scheduler's pool.
 */
public final class RateControlledRun {

    static final String ACTION = "aws:executeAutomation";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Scheduler scheduler;
    private final RateControl.Children children;
    private final RateControl.Listener listener;
    private final boolean resumed;
    private final RateControl.Plan plan;
    private final String id;
    private final Optional<String> parentId;
    private final List<Slot> slots = new ArrayList<>();
    private final int concurrency;
    private final int allowedErrors;
    private final CompletableFuture<ExecutionRecord> record = new CompletableFuture<>();
    private Instant start;
    private int window = 1;
    private int inFlight;
    private int next;
    private int errors;
    private String stoppedBecause;

    RateControlledRun(Scheduler scheduler, RateControl.Children children, RateControl.Listener listener, RateControl.Plan plan,
                      String id, Optional<Instant> resumedFrom, Optional<String> parentId) {
        this.parentId = parentId;
        this.scheduler = scheduler;
        this.children = children;
        this.listener = listener;
        this.plan = plan;
        this.id = id;
        this.resumed = resumedFrom.isPresent();
        this.start = resumedFrom.orElse(null);
        for (String t : plan.targets()) slots.add(new Slot(slots.size() + 1, t, plan.childParameters().apply(t)));
        this.concurrency = plan.limits().concurrency(slots.size());
        this.allowedErrors = plan.limits().allowedErrors(slots.size());
    }

    synchronized void begin() {
        if (!resumed) {
            start = scheduler.now();
            listener.started(id, plan, parentId);
        }
        pump();
    }

    /** Completes with the parent record once every started child is terminal. */
    public CompletionStage<ExecutionRecord> record() {
        return record;
    }

    public String id() {
        return id;
    }

    /** No further child starts (children in flight finish); the rest are reported not started with {@code why}. */
    public synchronized void stopStarting(String why) {
        if (stoppedBecause == null) stoppedBecause = why;
        pump();
    }

    public int concurrency() {
        return concurrency;
    }

    private void pump() {
        while (stoppedBecause == null && next < slots.size() && inFlight < window) launch(slots.get(next++));
        if (inFlight == 0 && (next == slots.size() || stoppedBecause != null)) finish();
    }

    private void launch(Slot s) {
        s.start = scheduler.now();
        inFlight++;
        CompletionStage<ExecutionRecord> stage;
        try {
            stage = children.run(plan.document(), s.parameters, id, s.n);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        // Hop onto the scheduler: a child that fails at once must not re-enter this loop from inside launch().
        stage.whenComplete((r, e) -> scheduler.schedule(Duration.ZERO, () -> ended(s, r, e)));
    }

    private synchronized void ended(Slot s, ExecutionRecord child, Throwable error) {
        inFlight--;
        s.end = scheduler.now();
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            s.status = Status.Failed;
            s.failure = "the child run could not start: " + (cause.getMessage() == null ? cause : cause.getMessage());
        } else {
            s.child = child;
            s.status = child.status();
            s.failure = child.failureMessage().orElse(child.status() == Status.Success ? null : "the child run ended " + child.status());
        }
        if (s.status != Status.Success) errors++;
        listener.childEnded(id, s.toStep(null));
        window = Math.min(concurrency, window * 2);
        if (stoppedBecause == null && errors > allowedErrors) {
            stoppedBecause = "stopped starting targets after error " + errors + " (MaxErrors " + plan.limits().maxErrors()
                    + " allows " + allowedErrors + ")";
        }
        pump();
    }

    private void finish() {
        if (record.isDone()) return;
        List<StepRecord> steps = new ArrayList<>();
        List<String> notStarted = new ArrayList<>();
        for (Slot s : slots) {
            if (s.start == null) notStarted.add(s.target);
            steps.add(s.toStep(stoppedBecause));
        }
        boolean overThreshold = errors > allowedErrors;
        Status status = errors > 0 ? Status.Failed : notStarted.isEmpty() ? Status.Success : Status.Cancelled;
        Optional<String> failure = Optional.empty();
        if (slots.isEmpty()) {
            status = Status.Failed;
            failure = Optional.of("no target: " + plan.targetsDescription() + " resolved to no target");
        } else if (status != Status.Success) {
            String s = errors + " of " + slots.size() + " target(s) failed";
            if (overThreshold) s += ", more than MaxErrors " + plan.limits().maxErrors() + " allows (" + allowedErrors + ")";
            else if (errors > 0) s += " (within MaxErrors " + plan.limits().maxErrors() + ")";
            if (!notStarted.isEmpty()) s += "; " + notStarted.size() + " not started: " + stoppedBecause;
            failure = Optional.of(s);
        }
        ExecutionRecord r = new ExecutionRecord(id, "runbook", plan.document(), status, Optional.of(start),
                Optional.of(scheduler.now()), plan.parameters(), outputs(notStarted), failure, steps, Optional.empty());
        listener.ended(r);
        record.complete(r);
    }

    private Map<String, JsonNode> outputs(List<String> notStarted) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        plan.targetParameterName().ifPresent(n -> out.put("TargetParameterName", F.textNode(n)));
        out.put("Targets", F.textNode(plan.targetsDescription()));
        out.put("MaxConcurrency", F.textNode(plan.limits().maxConcurrency()));
        out.put("MaxErrors", F.textNode(plan.limits().maxErrors()));
        out.put("Concurrency", F.numberNode(concurrency));
        out.put("AllowedErrors", F.numberNode(allowedErrors));
        ArrayNode resolved = F.arrayNode();
        slots.forEach(s -> resolved.add(s.target));
        out.put("ResolvedTargets", resolved);
        out.put("TargetCount", F.numberNode(slots.size()));
        out.put("ErrorCount", F.numberNode(errors));
        ArrayNode ns = F.arrayNode();
        notStarted.forEach(ns::add);
        out.put("NotStartedTargets", ns);
        return out;
    }

    /** One target: its child run, or why it never started. */
    private final class Slot {
        final int n;
        final String target;
        final Map<String, List<String>> parameters;
        Instant start;
        Instant end;
        Status status;
        String failure;
        ExecutionRecord child;

        Slot(int n, String target, Map<String, List<String>> parameters) {
            this.n = n;
            this.target = target;
            this.parameters = parameters;
        }

        StepRecord toStep(String stoppedBecause) {
            ObjectNode runtime = F.objectNode();
            parameters.forEach((k, v) -> {
                ArrayNode a = runtime.putArray(k);
                v.forEach(a::add);
            });
            Map<String, JsonNode> inputs = new LinkedHashMap<>();
            inputs.put("DocumentName", F.textNode(plan.document()));
            inputs.put("RuntimeParameters", runtime);
            if (start == null) {
                return new StepRecord(target, ACTION, Status.Cancelled, 0, inputs, Map.of(),
                        Optional.of("not started: " + stoppedBecause), Optional.empty(), Optional.empty(),
                        Optional.empty(), List.of(), List.of(), List.of("not started"));
            }
            Map<String, JsonNode> outputs = new LinkedHashMap<>();
            if (child != null) outputs.put("ExecutionId", F.arrayNode().add(child.id()));
            outputs.put("Status", F.arrayNode().add(status.name()));
            return new StepRecord(target, ACTION, status, 1, inputs, outputs, Optional.ofNullable(failure),
                    Optional.empty(), Optional.of(start), Optional.of(end), List.of(),
                    child == null ? List.of() : List.of(child), List.of());
        }
    }
}

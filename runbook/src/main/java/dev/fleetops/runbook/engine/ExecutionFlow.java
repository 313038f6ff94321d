package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.runbook.action.control.BodyOutcome;
import dev.fleetops.runbook.action.control.Decision;
import dev.fleetops.runbook.action.control.DecisionRequest;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which step runs next, at the top of one execution: mainSteps in order (each list of steps through
 * {@link ScopeRunner}), loop bodies, the cancel path (the cancelled step's {@code onCancel: step:X}, at most
 * {@link Execution#CANCEL_PATH_LIMIT}), and the final status: Cancelled, the aborting step's status, Failed when a
 * critical step failed, else Success (AWS Systems Manager User Guide: Running automations; Automation step
 * properties: onFailure, onCancel, isCritical). Runs on the scheduler's thread.
 */
final class ExecutionFlow {

    final EngineServices services;
    final Document document;
    final RunRecords records;
    final RunScope scope;
    final Restored restored;
    /**
     * What its calls' journal (and idempotency) tokens derive from: its own id, or the id of the first attempt at
     * the same work (docs/recovery.md, "A new attempt reuses the first one's tokens").
     */
    final String tokenScope;
    private final StopToken cancelRequested = new StopToken();
    private final CompletableFuture<ExecutionRecord> result = new CompletableFuture<>();
    private String criticalFailure;
    private int children;

    ExecutionFlow(EngineServices services, Document document, RunRecords records, RunScope scope, Restored restored,
                  String tokenScope) {
        this.services = services;
        this.tokenScope = tokenScope;
        this.restored = restored;
        this.document = document;
        this.records = records;
        this.scope = scope;
    }

    CompletableFuture<ExecutionRecord> result() {
        return result;
    }

    Instant now() {
        return services.now();
    }

    Scheduler scheduler() {
        return services.scheduler();
    }

    /** The id of this execution's next aws:executeAutomation child. */
    String nextChildId() {
        return ExecutionIds.child(records.id(), ++children);
    }

    void cancel() {
        scheduler().schedule(Duration.ZERO, () -> {
            if (records.status().terminal() || cancelRequested.isStopped()) return;
            records.note("cancel requested at " + now());
            records.statusSaved(Status.Cancelling);
            cancelRequested.stop();
            if (!records.started()) finish(Status.Cancelled, "cancelled before it started");
        });
    }

    void begin() {
        if (cancelRequested.isStopped()) return;
        records.started(now());
        new ScopeRunner(this, document.mainSteps(), false, cancelRequested).run(0).whenComplete((flow, error) -> {
            if (error != null) finish(Status.Failed, "internal error: " + error);
            else afterMainSteps(flow);
        });
    }

    private void afterMainSteps(Flow flow) {
        if (flow instanceof Flow.Cancel c) {
            Optional<Integer> at = c.onCancel().flatMap(this::mainIndex);
            if (at.isEmpty()) {
                c.onCancel().ifPresent(t -> records.note("onCancel step " + t + " is not among mainSteps; not run"));
                finish(Status.Cancelled, "cancelled");
                return;
            }
            long minutes = Execution.CANCEL_PATH_LIMIT.toMinutes();
            records.note("cancel path: running onCancel step " + c.onCancel().get() + " (at most " + minutes + " min)");
            StopToken limit = new StopToken();
            Scheduler.Cancellable timer = scheduler().schedule(Execution.CANCEL_PATH_LIMIT, () -> {
                records.note("cancel path stopped: it ran longer than " + minutes + " min");
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
        records.finish(final_, message, now()).ifPresent(result::complete);
    }

    /** One pass over a loop body; the pass is recorded as a child record of the loop step. */
    CompletionStage<BodyOutcome> runBody(StepState loop, int iteration, JsonNode value, StopToken stop) {
        scope.pass(loop, iteration, value);
        Instant passStart = now();
        List<Step> body = new ArrayList<>();
        collect(loop.step.steps(), body);
        for (Step s : body) records.state(s.name()).reset();
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
            loop.children.add(records.pass(loop, iteration, value, passStatus, passStart, now()));
            records.stepChanged(loop);
            return outcome;
        });
    }

    private static void collect(List<Step> steps, List<Step> out) {
        for (Step s : steps) {
            out.add(s);
            collect(s.steps(), out);
        }
    }

    /** The step (and the run) is Waiting until the decider answers or {@code stop} fires. */
    CompletionStage<Decision> awaitDecision(StepState step, DecisionRequest request, StopToken stop) {
        step.status = Status.Waiting;
        if (records.status() == Status.InProgress) records.status(Status.Waiting);
        records.stepChanged(step);
        services.events().publish(() -> new RunbookEvent.ApprovalWaiting(records.id(), request));
        return services.decider().decide(request, stop.future()).whenComplete((d, e) -> scheduler().schedule(Duration.ZERO, () -> {
            if (step.status == Status.Waiting) step.status = Status.InProgress;
            if (records.status() == Status.Waiting) records.status(Status.InProgress);
            records.stepChanged(step);
        }));
    }

    /** A critical step failed: the run goes on (onFailure decides) but ends Failed; the first such step names why. */
    void criticalFailure(Step step, Status stepStatus, String message) {
        if (criticalFailure == null) {
            criticalFailure = "Step " + step.name() + " " + (stepStatus == Status.TimedOut ? "timed out" : "failed")
                    + " and is critical: " + message;
        }
    }

    void internalError(Step step, Throwable error) {
        records.note("internal error in step " + step.name() + ": " + error);
    }
}

package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.api.ApiModelException;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Entry;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.action.RawInputs;
import dev.fleetops.runbook.action.control.ControlAction;
import dev.fleetops.runbook.document.Actions;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.runbook.document.Transition;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One run of one step: its attempts (maxAttempts; a timeout counts only when the last attempt timed out), each
 * bounded by timeoutSeconds (the action's documented default otherwise) and stopped by a cancel, then its status
 * (AWS Systems Manager User Guide: Automation step properties: maxAttempts, timeoutSeconds).
 */
final class StepRun {

    /** What an attempt came to; the first of action result, timeout and cancel wins. */
    sealed interface AttemptEnd {
        record Succeeded(ActionResult result) implements AttemptEnd { }

        record Failed(String type, String message, boolean timedOut) implements AttemptEnd { }

        record Cancelled() implements AttemptEnd { }
    }

    private final ExecutionFlow flow;
    private final Step step;
    private final StepState state;
    private final StopToken parentStop;
    private final CompletableFuture<Flow.StepEnd> done = new CompletableFuture<>();

    StepRun(ExecutionFlow flow, Step step, StopToken parentStop) {
        this.flow = flow;
        this.step = step;
        this.state = flow.records.state(step.name());
        this.parentStop = parentStop;
    }

    /** The action's documented default, from its definition (3600 s when its page gives none). */
    static int defaultTimeoutSeconds(String action) {
        return Actions.defaultTimeoutSeconds(action);
    }

    CompletionStage<Flow.StepEnd> start() {
        state.runs++;
        Optional<Entry.StepResult> restored = flow.restored.take(step.name());
        // aws:branch only reads: it decides again, so its jump (not in the journal) is the same as before
        if (restored.isPresent() && !step.action().equals("aws:branch")) {
            restore(restored.get());
            return done;
        }
        state.reset();
        if (flow.restored.interrupted(step.name())) {
            state.notes.add("resumed: the journal holds a call of this step without its result; the step runs again "
                    + "(its calls carry the same tokens)");
        }
        Optional<Entry.AttemptStarted> unfinished = flow.restored.unfinished(step.name());
        state.status = Status.InProgress;
        state.start = unfinished.map(Entry.AttemptStarted::at).orElse(flow.now());
        attempt(unfinished.map(Entry.AttemptStarted::attempt).orElse(1), unfinished);
        return done;
    }

    Step step() {
        return step;
    }

    /** The journal holds how this step ended before the restart: its outputs come back, nothing is called. */
    private void restore(Entry.StepResult r) {
        state.reset();
        state.status = r.status();
        state.attempt = r.attempt();
        state.outputs.putAll(r.outputs());
        state.failureMessage = r.error().orElse(null);
        state.start = flow.now();
        state.end = flow.now();
        state.notes.add("restored from the journal: ended " + r.status() + " before the restart");
        Status s = r.status();
        if (step.isCritical() && (s == Status.Failed || s == Status.TimedOut)) flow.criticalFailure(step, s, r.error().orElse(""));
        flow.records.stepRestored(state);
        Optional<String> onCancel = step.onCancel() instanceof Transition.GoTo g ? Optional.of(g.step()) : Optional.empty();
        complete(new Flow.StepEnd(s, Optional.empty(), s == Status.Cancelled ? onCancel : Optional.empty(),
                "Step " + step.name() + " " + (s == Status.TimedOut ? "timed out" : "failed") + ": " + r.error().orElse("")));
    }

    StepState state() {
        return state;
    }

    /** Attempt {@code n}; {@code resumed}: the journal's record of it when it began before a restart. */
    private void attempt(int n, Optional<Entry.AttemptStarted> resumed) {
        state.attempt = n;
        boolean first = n == 1 || resumed.isPresent();
        if (parentStop.isStopped()) {
            announce(first);
            end(Status.Cancelled, "cancelled before attempt " + n, null);
            return;
        }
        Action action = flow.services.registry().require(step.action());
        Set<String> raw = action instanceof RawInputs r ? r.rawInputs() : Set.of();
        ObjectNode inputs;
        try {
            inputs = flow.scope.interpolator().inputs(step.inputs(), raw);
        } catch (InterpolationError e) {
            // an input that cannot be built will not be built by trying again
            announce(first);
            end(Status.Failed, e.getMessage(), "Verification");
            return;
        }
        Scheduler scheduler = flow.scheduler();
        Duration timeout = Duration.ofSeconds(step.timeoutSeconds().orElse(defaultTimeoutSeconds(step.action())));
        // a re-entered attempt keeps the deadline it had when it began: a crash must not extend a wait
        Instant deadline = resumed.filter(a -> Resumption.keepsDeadline(step.action())).map(Entry.AttemptStarted::deadline)
                .orElse(scheduler.now().plus(timeout));
        if (resumed.isPresent()) {
            state.notes.add("resumed attempt " + n + " (begun " + resumed.get().at() + ")" + (Resumption.keepsDeadline(step.action())
                    ? ": the wait goes on to its deadline " + deadline : ": its call goes out again, with a fresh timeout"));
            inputs = Resumption.inputs(step.action(), inputs, resumed.get().at());
        } else {
            flow.services.journal().attemptStarted(flow.records.id(), step.name(), n, deadline);
        }
        state.inputs = inputs;
        announce(first);
        Attempt attempt = new Attempt(flow, this, inputs, deadline, parentStop);
        Duration left = Duration.between(scheduler.now(), deadline);
        Timeout timer = new Timeout(attempt, scheduler, timeout);
        timer.arm(left.isNegative() ? Duration.ZERO : left);
        attempt.settled().thenAccept(end -> {
            timer.cancel();
            attempt.close();
            judge(n, end);
        });
        CompletionStage<ActionResult> stage;
        try {
            stage = action instanceof ControlAction control ? control.execute(attempt) : action.execute(attempt);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, error) -> scheduler.schedule(Duration.ZERO,
                () -> attempt.settle(error == null ? new AttemptEnd.Succeeded(result) : classify(error))));
    }

    /**
     * An attempt's timeout, less the time it waited for its own intents: when it fires after such waits it is put
     * off by what it has not yet credited, so a slow journal does not time out a call that has not been sent.
     */
    private static final class Timeout {
        private final Attempt attempt;
        private final Scheduler scheduler;
        private final Duration timeout;
        private Duration credited = Duration.ZERO;
        private volatile Scheduler.Cancellable timer = () -> false;
        private volatile boolean cancelled;

        Timeout(Attempt attempt, Scheduler scheduler, Duration timeout) {
            this.attempt = attempt;
            this.scheduler = scheduler;
            this.timeout = timeout;
        }

        void arm(Duration after) {
            if (cancelled) return;
            timer = scheduler.schedule(after, this::fire);
        }

        private void fire() {
            Duration owed = attempt.intentWait().minus(credited);
            if (!owed.isNegative() && !owed.isZero()) {
                credited = credited.plus(owed);
                arm(owed);
                return;
            }
            attempt.settle(new AttemptEnd.Failed("Action", "Step timed out after " + timeout.toSeconds()
                    + " seconds (timeoutSeconds)", true));
        }

        void cancel() {
            cancelled = true;
            timer.cancel();
        }
    }

    /** The step started (first attempt, or resumed) or started again (a retry), with its inputs known. */
    private void announce(boolean first) {
        if (first) flow.records.stepStarted(state);
        else flow.records.stepChanged(state);
    }

    private void judge(int n, AttemptEnd end) {
        if (end instanceof AttemptEnd.Succeeded s) {
            List<String> notes = new ArrayList<>(s.result().notes());
            Map<String, JsonNode> outputs;
            try {
                outputs = OutputSelection.outputs(step.outputs(), s.result(), notes);
            } catch (ActionFailure f) {
                state.notes.addAll(notes);
                retryOrEnd(n, new AttemptEnd.Failed(f.type().name(), f.getMessage(), false));
                return;
            }
            state.notes.addAll(notes);
            state.outputs.putAll(outputs);
            Status status = state.exited ? Status.Exited : Status.Success;
            finish(new Flow.StepEnd(status, s.result().nextStep(), Optional.empty(), ""));
        } else if (end instanceof AttemptEnd.Failed f) {
            retryOrEnd(n, f);
        } else {
            Optional<String> onCancel = state.cancelTarget.isPresent() ? state.cancelTarget
                    : step.onCancel() instanceof Transition.GoTo g ? Optional.of(g.step()) : Optional.empty();
            state.status = Status.Cancelled;
            state.end = flow.now();
            flow.records.stepEnded(state);
            complete(new Flow.StepEnd(Status.Cancelled, Optional.empty(), onCancel, "cancelled"));
        }
    }

    private void retryOrEnd(int n, AttemptEnd.Failed f) {
        if (n < step.maxAttempts() && !parentStop.isStopped()) {
            state.notes.add("attempt " + n + " of " + step.maxAttempts() + " " + (f.timedOut() ? "timed out" : "failed")
                    + ": " + f.message());
            attempt(n + 1, Optional.empty());
            return;
        }
        end(f.timedOut() ? Status.TimedOut : Status.Failed, f.message(), f.type());
    }

    private void end(Status status, String message, String type) {
        state.failureMessage = message;
        state.failureType = type;
        if (step.isCritical() && (status == Status.Failed || status == Status.TimedOut)) {
            flow.criticalFailure(step, status, message);
        }
        finish(new Flow.StepEnd(status, Optional.empty(), Optional.empty(), "Step " + step.name() + " "
                + (status == Status.TimedOut ? "timed out" : "failed") + ": " + message));
    }

    private void finish(Flow.StepEnd end) {
        state.status = end.status();
        state.end = flow.now();
        flow.records.stepEnded(state);
        complete(end);
    }

    /** Always through the scheduler, so a run of steps that end at once does not deepen the stack. */
    private void complete(Flow.StepEnd end) {
        flow.scheduler().schedule(Duration.ZERO, () -> done.complete(end));
    }

    static AttemptEnd.Failed classify(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof ActionFailure f) return new AttemptEnd.Failed(f.type().name(), f.getMessage(), f.timedOut());
        if (e instanceof InterpolationError || e instanceof ApiModelException) {
            return new AttemptEnd.Failed("Verification", e.getMessage(), false);
        }
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String code = a.awsErrorDetails().errorCode();
            String type = dev.fleetops.retry.AwsError.of(a).throttling()
                    ? "Throttling"
                    : code != null && (code.startsWith("AccessDenied") || code.equals("UnauthorizedOperation")
                    || code.equals("AuthFailure")) ? "Permission" : "Action";
            return new AttemptEnd.Failed(type, code + ": " + a.awsErrorDetails().errorMessage(), false);
        }
        return new AttemptEnd.Failed("Internal", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), false);
    }
}

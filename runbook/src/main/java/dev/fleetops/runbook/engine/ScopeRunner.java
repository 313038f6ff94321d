package dev.fleetops.runbook.engine;

import dev.fleetops.execution.Status;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.runbook.document.Transition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs a list of steps in order, redirected by nextStep, isEnd, onFailure, onCancel and actions' choices
 * (AWS Systems Manager User Guide: Automation step properties; onFailure: Continue goes to nextStep if set,
 * else the next step in the list).
 */
final class ScopeRunner {

    private final ExecutionFlow flow;
    private final List<Step> scope;
    private final boolean loopBody;
    private final StopToken stop;
    private final CompletableFuture<Flow> done = new CompletableFuture<>();
    /** Where each step of the scope is: a jump by name (nextStep, onFailure) is a lookup, not a scan of the scope. */
    private final Map<String, Integer> positions = new HashMap<>();

    ScopeRunner(ExecutionFlow flow, List<Step> scope, boolean loopBody, StopToken stop) {
        this.flow = flow;
        this.scope = scope;
        this.loopBody = loopBody;
        this.stop = stop;
        for (int i = scope.size() - 1; i >= 0; i--) positions.put(scope.get(i).name(), i); // the first of a name wins
    }

    CompletionStage<Flow> run(int index) {
        next(index);
        return done;
    }

    private void next(int index) {
        if (stop.isStopped()) {
            done.complete(new Flow.Cancel(Optional.empty()));
            return;
        }
        if (index >= scope.size()) {
            done.complete(new Flow.Done());
            return;
        }
        Step step = scope.get(index);
        new StepRun(flow, step, stop).start().whenComplete((end, error) -> {
            if (error != null) {
                flow.internalError(step, error);
                done.complete(new Flow.Abort(Status.Failed, "internal error in step " + step.name() + ": " + error));
            } else {
                route(index, step, end);
            }
        });
    }

    private void route(int index, Step step, Flow.StepEnd end) {
        switch (end.status()) {
            case Success, Exited -> {
                if (end.jump().isPresent()) go(end.jump().get());
                else if (step.isEnd()) done.complete(new Flow.Done());
                else if (step.nextStep().isPresent()) go(step.nextStep().get());
                else next(index + 1);
            }
            case Failed, TimedOut -> {
                Transition t = step.onFailure();
                if (t instanceof Transition.GoTo g) go(g.step());
                else if (t instanceof Transition.Continue) {
                    if (step.isEnd()) done.complete(new Flow.Done());
                    else if (step.nextStep().isPresent()) go(step.nextStep().get());
                    else next(index + 1);
                } else done.complete(new Flow.Abort(end.status(), end.message()));
            }
            case Cancelled -> done.complete(new Flow.Cancel(end.onCancel()));
            default -> done.complete(new Flow.Abort(Status.Failed, "step " + step.name() + " ended " + end.status()));
        }
    }

    private void go(String target) {
        Integer at = positions.get(target);
        if (at != null) next(at);
        else if (loopBody) done.complete(new Flow.Exit(target));
        else done.complete(new Flow.Abort(Status.Failed, "no step named " + target + " among mainSteps"));
    }
}

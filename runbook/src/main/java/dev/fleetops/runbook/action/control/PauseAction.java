package dev.fleetops.runbook.action.control;

import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** aws:pause: the run is Waiting until a Resume signal ({@code fleetops resume EXECUTION}). */
public final class PauseAction implements ControlAction {

    @Override
    public String name() {
        return "aws:pause";
    }

    @Override
    public CompletionStage<ActionResult> execute(ControlContext context) {
        String message = context.inputs().path("Message").asText("paused: waiting for Resume");
        context.progress("paused: fleetops resume " + context.executionId());
        return context.decide(new DecisionRequest(context.executionId(), context.stepName(), DecisionRequest.Kind.PAUSE, message,
                List.of(), 1)).thenApply(d -> {
            String by = d.signals().isEmpty() ? "" : " by " + d.signals().get(d.signals().size() - 1).by();
            if (!d.approved()) throw new ActionFailure(ActionFailure.Type.Action, "the pause was rejected" + by);
            return new ActionResult(java.util.Map.of(), java.util.Optional.empty(), List.of("resumed" + by));
        });
    }
}

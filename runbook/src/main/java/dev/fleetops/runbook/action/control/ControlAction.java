package dev.fleetops.runbook.action.control;

import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An action that steers the execution itself (branches, loops, children, decisions, variables): the engine runs
 * it with a {@link ControlContext}. Only the engine can give one, so the plain {@link Action} entry fails clearly.
 */
public interface ControlAction extends Action {

    /** Runs one attempt of the step; as {@link Action#execute(ActionContext)}, with the engine's control view. */
    CompletionStage<ActionResult> execute(ControlContext context);

    @Override
    default CompletionStage<ActionResult> execute(ActionContext context) {
        return CompletableFuture.failedFuture(new IllegalStateException(name()
                + " steers a runbook execution and runs only inside one (it needs a ControlContext)"));
    }
}

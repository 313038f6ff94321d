package dev.fleetops.runbook.action;

import java.util.concurrent.CompletionStage;

/**
 * One SSM action (aws:executeAwsApi, aws:runCommand, aws:sleep...). Each is one small class holding its
 * {@code ActionDefinition}, listed in {@code AwsActions} or {@code ControlActions} (docs/runbook-actions.md). An action never blocks: it returns a stage completed when done,
 * and stops its work promptly when the context's cancellation fires.
 */
public interface Action {

    /** The action name as written in documents, e.g. {@code aws:executeAwsApi}. */
    String name();

    /**
     * Runs one attempt of a step. Inputs are already interpolated. Complete normally with the outputs, or
     * exceptionally with an {@link ActionFailure} (a plain exception is an internal failure).
     */
    CompletionStage<ActionResult> execute(ActionContext context);
}

package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.waiters.Verdict;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;

/**
 * {@code aws:waitForAwsResourceProperty}: polls the API call (the context's backoff) until
 * {@code PropertySelector} matches {@code DesiredValues} or the step's deadline, which makes the step
 * TimedOut (default 3600 s, UG automation-handling-timeouts). Throttling, 5xx and network errors are
 * retried, others fail the attempt (a project decision: AWS does not say).
 */
final class WaitForAwsResourceProperty implements Action {

    static final ActionDefinition DEFINITION = automation("aws:waitForAwsResourceProperty").apiInputs("PropertySelector", "DesiredValues")
            .permissions(ApiRequest.PERMISSIONS)
            .runs(WaitForAwsResourceProperty::new).build();

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        Inputs in = new Inputs(name(), ctx.inputs());
        ApiRequest api = ApiRequest.from(in, "PropertySelector", "DesiredValues");
        PropertyCondition condition = PropertyCondition.from(in);
        String what = condition.selector() + " in " + condition.desired() + " (" + api + ")";
        CompletionStage<JsonNode> done = Waiting.until(ctx, what, ctx.pollBackoff(api.service(), api.api()), poll ->
                Calls.raw(ctx, api.service(), api.api(), api.members()).thenApply(response -> {
                    PropertyCondition.Check c = condition.check(response);
                    return c.holds() ? Verdict.success(response) : Verdict.<JsonNode>retry(condition.describe(c));
                }));
        return done.thenApply(response -> ActionResult.of(Map.of(ActionResult.RESPONSE, response)));
    }
}

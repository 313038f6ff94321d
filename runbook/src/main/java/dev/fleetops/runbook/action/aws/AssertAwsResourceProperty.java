package dev.fleetops.runbook.action.aws;

import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;

/**
 * {@code aws:assertAwsResourceProperty}: one API call, then {@code PropertySelector} against
 * {@code DesiredValues} ({@link PropertyCondition}: at least one value selected, every one in DesiredValues). A condition that does not hold fails the
 * attempt with a Verification failure naming what was seen; {@code maxAttempts} retries it.
 */
final class AssertAwsResourceProperty implements Action {

    static final ActionDefinition DEFINITION = automation("aws:assertAwsResourceProperty").apiInputs("PropertySelector", "DesiredValues")
            .permissions(ApiRequest.PERMISSIONS)
            .runs(AssertAwsResourceProperty::new).build();

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
        return Calls.call(ctx, api.service(), api.api(), api.members()).thenApply(response -> {
            PropertyCondition.Check c = condition.check(response);
            if (!c.holds()) {
                throw new ActionFailure(ActionFailure.Type.Verification, "assertion failed on " + api + ": "
                        + condition.describe(c));
            }
            return new ActionResult(Map.of(ActionResult.RESPONSE, response), java.util.Optional.empty(),
                    List.of());
        });
    }
}

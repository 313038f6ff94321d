package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING;

/**
 * {@code aws:executeAwsApi}: one call of any catalogued operation ({@code Service}, {@code Api}, the members as
 * the other inputs), at most 25 s (UG automation-action-executeAwsApi). The response is left under
 * {@link ActionResult#RESPONSE} for the step's user outputs ({@code Selector}/{@code Type}) and as the text of
 * {@code OutputPayload}.
 */
final class ExecuteAwsApi implements Action {

    static final ActionDefinition DEFINITION = automation("aws:executeAwsApi").apiInputs()
            .output("OutputPayload", STRING)
            .timeoutSeconds(25) // User Guide: aws:executeAwsApi, "maximum of 25 seconds"
            .permissions(ApiRequest.PERMISSIONS)
            .runs(ExecuteAwsApi::new).build();

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        ApiRequest api = ApiRequest.from(new Inputs(name(), ctx.inputs()));
        return Calls.call(ctx, api.service(), api.api(), api.members()).thenApply(response -> {
            Map<String, JsonNode> outputs = new LinkedHashMap<>();
            outputs.put(ActionResult.RESPONSE, response);
            outputs.put("OutputPayload", TextNode.valueOf(response.toString()));
            return ActionResult.of(outputs);
        });
    }
}

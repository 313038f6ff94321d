package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.RunTarget;
import dev.fleetops.waiters.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING;

/**
 * {@code aws:createStack} (UG automation-action-createstack): CloudFormation CreateStack with the step's inputs
 * as its members, then DescribeStacks until CREATE_COMPLETE; a failed or rolled-back creation fails the step with
 * the stack's reason. Outputs {@code StackId}, {@code StackStatus}, {@code StackStatusReason}. AWS only.
 */
final class CreateStack implements Action {

    static final String NO_CLOUDFORMATION = "the simulator does not model CloudFormation";

    static final ActionDefinition DEFINITION = automation("aws:createStack").required("StackName")
            .optional("Capabilities", "ClientRequestToken", "NotificationARNs", "OnFailure", "Parameters",
                    "ResourceTypes", "RoleARN", "StackPolicyBody", "StackPolicyURL", "Tags", "TemplateBody",
                    "TemplateURL", "TimeoutInMinutes", "DisableRollback", "RollbackConfiguration",
                    "EnableTerminationProtection")
            .output("StackId", STRING).output("StackStatus", STRING).output("StackStatusReason", STRING)
            .notOn(RunTarget.SIMULATOR, NO_CLOUDFORMATION)
            .notOnCancelPath()
            .permissions((s, d) -> {
                List<String> a = new ArrayList<>(List.of("cloudformation:CreateStack", "cloudformation:DescribeStacks"));
                if (s.hasInput("RoleARN")) a.add("iam:PassRole");
                return new ActionDefinition.Permissions.Needed(a,
                        List.of("the template's resources need their own permissions unless RoleARN is given"));
            })
            .runs(CreateStack::new).build();

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
        String name = in.string("StackName");
        return Calls.call(ctx, "cloudformation", "CreateStack", in.node()).thenCompose(created -> {
            String stackId = created.path("StackId").asText(name);
            ObjectNode describe = JsonNodeFactory.instance.objectNode().put("StackName", stackId);
            return Waiting.until(ctx, "stack " + name + " to be created", poll ->
                    Calls.raw(ctx, "cloudformation", "DescribeStacks", describe).thenApply(r -> {
                        JsonNode stack = r.path("Stacks").path(0);
                        String status = stack.path("StackStatus").asText("");
                        if (status.equals("CREATE_COMPLETE")) return Verdict.success(stack);
                        if (status.endsWith("_IN_PROGRESS") && status.startsWith("CREATE")
                                || status.equals("REVIEW_IN_PROGRESS") || status.isEmpty()) {
                            return Verdict.<JsonNode>retry("stack " + (status.isEmpty() ? "not listed yet" : status));
                        }
                        return Verdict.<JsonNode>failure("stack " + name + " is " + status
                                + stack.path("StackStatusReason").asText("").transform(s -> s.isEmpty() ? "" : ": " + s));
                    })).thenApply(stack -> {
                        Map<String, JsonNode> outputs = new LinkedHashMap<>();
                        outputs.put("StackId", TextNode.valueOf(stack.path("StackId").asText(stackId)));
                        outputs.put("StackStatus", TextNode.valueOf(stack.path("StackStatus").asText()));
                        outputs.put("StackStatusReason", TextNode.valueOf(stack.path("StackStatusReason").asText("")));
                        outputs.put(ActionResult.RESPONSE, stack);
                        return ActionResult.of(outputs);
                    });
        });
    }
}

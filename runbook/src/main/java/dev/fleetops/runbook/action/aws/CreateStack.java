package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.waiters.Verdict;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code aws:createStack} (UG automation-action-createstack): CloudFormation CreateStack with the step's inputs
 * as its members, then DescribeStacks until CREATE_COMPLETE; a failed or rolled-back creation fails the step with
 * the stack's reason. Outputs {@code StackId}, {@code StackStatus}, {@code StackStatusReason}. AWS only.
 */
public final class CreateStack implements Action {

    @Override
    public String name() {
        return "aws:createStack";
    }

    @Override
    public Optional<String> notRunnable(boolean simulated) {
        return AwsOnly.unless(simulated, AwsOnly.NO_CLOUDFORMATION);
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

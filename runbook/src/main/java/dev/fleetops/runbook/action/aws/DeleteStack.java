package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.RunTarget;
import dev.fleetops.waiters.Verdict;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;

/**
 * {@code aws:deleteStack} (UG automation-action-deletestack): finds the stack's id (a deleted stack can only be
 * described by id), DeleteStack, then DescribeStacks until DELETE_COMPLETE (or gone); DELETE_FAILED fails the
 * step with the reason. A stack that does not exist is already deleted. No outputs. AWS only.
 */
final class DeleteStack implements Action {

    static final ActionDefinition DEFINITION = automation("aws:deleteStack").required("StackName").optional("RetainResources", "RoleARN", "ClientRequestToken")
            .notOn(RunTarget.SIMULATOR, CreateStack.NO_CLOUDFORMATION)
            .permissions("cloudformation:DeleteStack", "cloudformation:DescribeStacks")
            .runs(DeleteStack::new).build();

    @Override
    public String name() {
        return DEFINITION.name();
    }


    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private static boolean missing(Throwable e) {
        Throwable t = ApiErrors.unwrap(e);
        return ApiErrors.code(t).equals("ValidationError") && ApiErrors.describe(t).contains("does not exist");
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        Inputs in = new Inputs(name(), ctx.inputs());
        String name = in.string("StackName");
        ObjectNode byName = JsonNodeFactory.instance.objectNode().put("StackName", name);
        return Calls.raw(ctx, "cloudformation", "DescribeStacks", byName).handle((r, e) -> {
            if (e != null && missing(e)) return Optional.<String>empty();
            if (e != null) throw ApiErrors.failure("cloudformation", "DescribeStacks", e);
            return Optional.of(r.path("Stacks").path(0).path("StackId").asText(name));
        }).thenCompose(id -> {
            if (id.isEmpty()) {
                ctx.note("stack " + name + " does not exist: nothing to delete");
                return CompletableFuture.completedFuture(ActionResult.empty());
            }
            ObjectNode byId = JsonNodeFactory.instance.objectNode().put("StackName", id.get());
            return Calls.call(ctx, "cloudformation", "DeleteStack", in.node()).thenCompose(x ->
                    Waiting.until(ctx, "stack " + name + " to be deleted", poll ->
                            Calls.raw(ctx, "cloudformation", "DescribeStacks", byId).handle((r, e) -> {
                                if (e != null && missing(e)) return Verdict.success(true);
                                if (e != null) throw new java.util.concurrent.CompletionException(ApiErrors.unwrap(e));
                                JsonNode stack = r.path("Stacks").path(0);
                                String status = stack.path("StackStatus").asText("");
                                if (status.equals("DELETE_COMPLETE")) return Verdict.success(true);
                                if (status.equals("DELETE_FAILED")) {
                                    return Verdict.<Boolean>failure("stack " + name + " is DELETE_FAILED: "
                                            + stack.path("StackStatusReason").asText(""));
                                }
                                return Verdict.<Boolean>retry("stack " + status);
                            }))).thenApply(done -> ActionResult.empty());
        });
    }
}

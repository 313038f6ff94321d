package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.Step;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;

/**
 * {@code aws:createTags} (UG automation-action-createtag): {@code ResourceType} EC2 (default) tags any EC2
 * resources with ec2 CreateTags; ManagedInstance, MaintenanceWindow and Parameter tag one resource with ssm
 * AddTagsToResource. {@code Tags} is a list of {@code {Key, Value}}. No outputs.
 */
final class CreateTags implements Action {

    static final ActionDefinition DEFINITION = automation("aws:createTags").required("ResourceIds", "Tags").optional("ResourceType")
            .notOnCancelPath()
            .permissions(CreateTags::permissions)
            .runs(CreateTags::new).build();

    private static final Set<String> SSM_TYPES = Set.of("ManagedInstance", "MaintenanceWindow", "Parameter");

    @Override
    public String name() {
        return DEFINITION.name();
    }

    /** ec2 CreateTags for EC2 resources, ssm AddTagsToResource for the others; both when the type is set at run time. */
    private static ActionDefinition.Permissions.Needed permissions(Step s, Set<String> documents) {
        Optional<String> type = s.literalInput("ResourceType");
        if (type.isEmpty() && s.hasInput("ResourceType")) {
            return new ActionDefinition.Permissions.Needed(List.of("ec2:CreateTags", "ssm:AddTagsToResource"), List.of());
        }
        return new ActionDefinition.Permissions.Needed(
                List.of(type.orElse("EC2").equals("EC2") ? "ec2:CreateTags" : "ssm:AddTagsToResource"), List.of());
    }

    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        Inputs in = new Inputs(name(), ctx.inputs());
        String type = in.optString("ResourceType").orElse("EC2");
        List<String> ids = in.stringList("ResourceIds");
        if (ids.isEmpty()) throw in.bad("ResourceIds", "must name at least one resource");
        if (!in.has("Tags")) throw in.bad("Tags", "is required");
        JsonNode tags = in.node().get("Tags");
        if (!tags.isArray() && !tags.isObject()) throw in.bad("Tags", "must be a list of {Key, Value}, got " + tags);
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        if (type.equals("EC2")) {
            ids.forEach(request.putArray("Resources")::add);
            request.set("Tags", tags);
            return Calls.call(ctx, "ec2", "CreateTags", request).thenApply(r -> ActionResult.empty());
        }
        if (!SSM_TYPES.contains(type)) {
            throw in.bad("ResourceType", "must be EC2, ManagedInstance, MaintenanceWindow or Parameter, got " + type);
        }
        if (ids.size() != 1) throw in.bad("ResourceIds", "takes exactly one id for ResourceType " + type);
        request.put("ResourceType", type).put("ResourceId", ids.get(0)).set("Tags", tags);
        return Calls.call(ctx, "ssm", "AddTagsToResource", request).thenApply(r -> ActionResult.empty());
    }
}

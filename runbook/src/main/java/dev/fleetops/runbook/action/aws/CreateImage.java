package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.RunTarget;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING;

/**
 * {@code aws:createImage} (UG automation-action-create): ec2 CreateImage ({@code ImageName} -> Name,
 * {@code ImageDescription} -> Description, {@code NoReboot}, {@code BlockDeviceMappings}), then waits until the
 * AMI is available. Outputs {@code ImageId}, {@code ImageState}. AWS only. CreateImage takes no token: a step
 * re-entered after a restart that gets {@code InvalidAMIName.Duplicate} follows the image of that name made from
 * the same instance, which the interrupted attempt created.
 */
final class CreateImage implements Action {

    static final ActionDefinition DEFINITION = automation("aws:createImage").required("InstanceId", "ImageName")
            .optional("ImageDescription", "NoReboot", "BlockDeviceMappings")
            .output("ImageId", STRING).output("ImageState", STRING)
            .notOn(RunTarget.SIMULATOR, ImageWait.NO_IMAGES)
            .notOnCancelPath()
            .permissions("ec2:CreateImage", "ec2:DescribeImages")
            .runs(CreateImage::new).build();

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
        ObjectNode request = JsonNodeFactory.instance.objectNode()
                .put("InstanceId", in.string("InstanceId")).put("Name", in.string("ImageName"));
        in.optString("ImageDescription").ifPresent(d -> request.put("Description", d));
        if (in.has("NoReboot")) request.put("NoReboot", in.bool("NoReboot", false));
        if (in.has("BlockDeviceMappings")) request.set("BlockDeviceMappings", in.node().get("BlockDeviceMappings"));
        // CreateImage takes no token; a re-entered step that meets its own image by name follows it
        Optional<Instant> resumed = ctx.nextCallToken().journaled();
        return Calls.raw(ctx, "ec2", "CreateImage", request).handle((r, e) -> {
            if (e == null) return ImageWait.available(ctx, r.path("ImageId").asText());
            if (resumed.isEmpty() || !ApiErrors.code(ApiErrors.unwrap(e)).equals("InvalidAMIName.Duplicate")) {
                throw ApiErrors.failure("ec2", "CreateImage", e);
            }
            return madeBefore(ctx, request.path("Name").asText(), request.path("InstanceId").asText()).thenCompose(id -> {
                if (id.isEmpty()) throw ApiErrors.failure("ec2", "CreateImage", e);
                ctx.note("resumed: following image " + id.get() + ", created from " + request.path("InstanceId").asText()
                        + " before the restart (an AMI name is unique in the account and region)");
                return ImageWait.available(ctx, id.get());
            });
        }).thenCompose(s -> s);
    }

    /** This account's image named {@code name}, when it was made from {@code instanceId}. */
    private static CompletionStage<Optional<String>> madeBefore(ActionContext ctx, String name, String instanceId) {
        ObjectNode describe = JsonNodeFactory.instance.objectNode();
        describe.putArray("Owners").add("self");
        describe.putArray("Filters").addObject().put("Name", "name").putArray("Values").add(name);
        return Calls.call(ctx, "ec2", "DescribeImages", describe).thenApply(r -> {
            for (JsonNode image : r.path("Images")) {
                if (image.path("SourceInstanceId").asText(instanceId).equals(instanceId)) {
                    return Optional.of(image.path("ImageId").asText());
                }
            }
            return Optional.<String>empty();
        });
    }
}

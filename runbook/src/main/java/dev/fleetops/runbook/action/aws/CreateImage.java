package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.RunTarget;

import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING;

/**
 * {@code aws:createImage} (UG automation-action-create): ec2 CreateImage ({@code ImageName} -> Name,
 * {@code ImageDescription} -> Description, {@code NoReboot}, {@code BlockDeviceMappings}), then waits until the
 * AMI is available. Outputs {@code ImageId}, {@code ImageState}. AWS only.
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
        return Calls.call(ctx, "ec2", "CreateImage", request)
                .thenCompose(r -> ImageWait.available(ctx, r.path("ImageId").asText()));
    }
}

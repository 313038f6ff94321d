package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code aws:createImage} (UG automation-action-create): ec2 CreateImage ({@code ImageName} -> Name,
 * {@code ImageDescription} -> Description, {@code NoReboot}, {@code BlockDeviceMappings}), then waits until the
 * AMI is available. Outputs {@code ImageId}, {@code ImageState}. AWS only.
 */
public final class CreateImage implements Action {

    @Override
    public String name() {
        return "aws:createImage";
    }

    @Override
    public Optional<String> notRunnable(boolean simulated) {
        return AwsOnly.unless(simulated, AwsOnly.NO_IMAGES);
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

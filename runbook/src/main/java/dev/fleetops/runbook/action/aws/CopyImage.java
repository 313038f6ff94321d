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
 * {@code aws:copyImage} (UG automation-action-copyimage): ec2 CopyImage into this region ({@code ImageName} ->
 * Name, {@code ImageDescription} -> Description, {@code Encrypted}, {@code KmsKeyId}, {@code ClientToken}), then
 * waits until the copy is available. Outputs {@code ImageId}, {@code ImageState}. AWS only.
 */
final class CopyImage implements Action {

    static final ActionDefinition DEFINITION = automation("aws:copyImage").required("SourceImageId", "SourceRegion", "ImageName")
            .optional("ImageDescription", "Encrypted", "KmsKeyId", "ClientToken")
            .output("ImageId", STRING).output("ImageState", STRING)
            .notOn(RunTarget.SIMULATOR, ImageWait.NO_IMAGES)
            .notOnCancelPath()
            .permissions("ec2:CopyImage", "ec2:DescribeImages")
            .runs(CopyImage::new).build();

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
                .put("SourceImageId", in.string("SourceImageId")).put("SourceRegion", in.string("SourceRegion"))
                .put("Name", in.string("ImageName"));
        in.optString("ImageDescription").ifPresent(d -> request.put("Description", d));
        if (in.has("Encrypted")) request.put("Encrypted", in.bool("Encrypted", false));
        in.optString("KmsKeyId").ifPresent(k -> request.put("KmsKeyId", k));
        in.optString("ClientToken").ifPresent(t -> request.put("ClientToken", t));
        return Calls.call(ctx, "ec2", "CopyImage", request)
                .thenCompose(r -> ImageWait.available(ctx, r.path("ImageId").asText()));
    }
}

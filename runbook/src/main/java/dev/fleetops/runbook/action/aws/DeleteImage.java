package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.RunTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;

/**
 * {@code aws:deleteImage} (UG automation-action-delete): deletes the image "and all related snapshots": reads the
 * AMI's EBS snapshots (DescribeImages), DeregisterImage, then DeleteSnapshot for each. No outputs. AWS only.
 */
final class DeleteImage implements Action {

    static final ActionDefinition DEFINITION = automation("aws:deleteImage").required("ImageId")
            .notOn(RunTarget.SIMULATOR, ImageWait.NO_IMAGES)
            .permissions("ec2:DescribeImages", "ec2:DeregisterImage", "ec2:DeleteSnapshot")
            .runs(DeleteImage::new).build();

    @Override
    public String name() {
        return DEFINITION.name();
    }


    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        String imageId = new Inputs(name(), ctx.inputs()).string("ImageId");
        ObjectNode describe = JsonNodeFactory.instance.objectNode();
        describe.putArray("ImageIds").add(imageId);
        return Calls.call(ctx, "ec2", "DescribeImages", describe).thenCompose(r -> {
            List<String> snapshots = new ArrayList<>();
            for (JsonNode m : r.path("Images").path(0).path("BlockDeviceMappings")) {
                String s = m.path("Ebs").path("SnapshotId").asText("");
                if (!s.isEmpty()) snapshots.add(s);
            }
            CompletionStage<?> chain = Calls.call(ctx, "ec2", "DeregisterImage",
                    JsonNodeFactory.instance.objectNode().put("ImageId", imageId));
            for (String s : snapshots) {
                chain = chain.thenCompose(x -> Calls.call(ctx, "ec2", "DeleteSnapshot",
                        JsonNodeFactory.instance.objectNode().put("SnapshotId", s)));
            }
            if (!snapshots.isEmpty()) ctx.note("deleting the image's snapshots: " + String.join(", ", snapshots));
            return chain.thenApply(x -> ActionResult.empty());
        }).exceptionallyCompose(e -> CompletableFuture.failedFuture(ApiErrors.unwrap(e)));
    }
}

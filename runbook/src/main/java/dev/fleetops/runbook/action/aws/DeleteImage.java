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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;

/**
 * {@code aws:deleteImage} (UG automation-action-delete): deletes the image "and all related snapshots": reads the
 * AMI's EBS snapshots (DescribeImages), DeregisterImage, then DeleteSnapshot for each. No outputs. AWS only. Re-entered
 * after a restart, what the interrupted attempt deleted already counts as deleted.
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
        return Calls.raw(ctx, "ec2", "DescribeImages", describe).handle((r, e) -> {
            if (e == null) return r;
            // gone already when a run before the restart deregistered it: the DeregisterImage that follows was journaled
            if (GONE.contains(ApiErrors.code(ApiErrors.unwrap(e))) && ctx.nextCallToken().journaled().isPresent()) {
                return JsonNodeFactory.instance.objectNode();
            }
            throw ApiErrors.failure("ec2", "DescribeImages", e);
        }).thenCompose(r -> {
            List<String> snapshots = new ArrayList<>();
            for (JsonNode m : r.path("Images").path(0).path("BlockDeviceMappings")) {
                String s = m.path("Ebs").path("SnapshotId").asText("");
                if (!s.isEmpty()) snapshots.add(s);
            }
            CompletionStage<?> chain = delete(ctx, "DeregisterImage", "ImageId", imageId);
            for (String s : snapshots) chain = chain.thenCompose(x -> delete(ctx, "DeleteSnapshot", "SnapshotId", s));
            if (!snapshots.isEmpty()) ctx.note("deleting the image's snapshots: " + String.join(", ", snapshots));
            return chain.thenApply(x -> ActionResult.empty());
        }).exceptionallyCompose(e -> CompletableFuture.failedFuture(ApiErrors.unwrap(e)));
    }

    /**
     * One delete; when a run before the restart sent it already (its intent is in the journal), EC2's not-found
     * answer means it is done, as asked.
     */
    private static CompletionStage<JsonNode> delete(ActionContext ctx, String operation, String member, String id) {
        boolean sentBefore = ctx.nextCallToken().journaled().isPresent();
        return Calls.raw(ctx, "ec2", operation, JsonNodeFactory.instance.objectNode().put(member, id)).handle((r, e) -> {
            if (e == null) return r;
            if (sentBefore && GONE.contains(ApiErrors.code(ApiErrors.unwrap(e)))) {
                ctx.note("resumed: " + id + " was deleted before the restart (" + ApiErrors.describe(e) + ")");
                return JsonNodeFactory.instance.objectNode();
            }
            throw ApiErrors.failure("ec2", operation, e);
        });
    }

    /** EC2's answers for an image or snapshot that no longer exists (Amazon EC2 API Reference: Error codes). */
    private static final Set<String> GONE = Set.of("InvalidAMIID.NotFound", "InvalidAMIID.Unavailable",
            "InvalidSnapshot.NotFound");
}

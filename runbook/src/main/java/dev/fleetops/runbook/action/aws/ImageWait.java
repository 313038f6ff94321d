package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.waiters.Verdict;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The wait of aws:createImage and aws:copyImage: DescribeImages until the new AMI is {@code available}. */
final class ImageWait {

    static final String NO_IMAGES = "the simulator does not model AMIs";

    private ImageWait() { }

    /** @return outputs {@code ImageId}, {@code ImageState} */
    static CompletionStage<ActionResult> available(ActionContext ctx, String imageId) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.putArray("ImageIds").add(imageId);
        return Waiting.until(ctx, "image " + imageId + " to be available", poll ->
                Calls.raw(ctx, "ec2", "DescribeImages", request).thenApply(r -> {
                    JsonNode image = r.path("Images").path(0);
                    String state = image.path("State").asText("");
                    if (state.equals("available")) return Verdict.success(state);
                    if (state.equals("failed") || state.equals("error") || state.equals("invalid")
                            || state.equals("deregistered")) {
                        return Verdict.<String>failure("image " + imageId + " is " + state
                                + image.path("StateReason").path("Message").asText("").transform(m -> m.isEmpty() ? "" : ": " + m));
                    }
                    return Verdict.<String>retry("image " + (state.isEmpty() ? "not listed yet" : state));
                }).exceptionallyCompose(e -> {
                    // a new AMI id may be unknown to DescribeImages for a moment (eventual consistency)
                    if (ApiErrors.code(ApiErrors.unwrap(e)).equals("InvalidAMIID.NotFound")) {
                        return CompletableFuture.completedFuture(Verdict.retry("image not visible yet"));
                    }
                    return CompletableFuture.failedFuture(ApiErrors.unwrap(e));
                })).thenApply(state -> {
                    Map<String, com.fasterxml.jackson.databind.JsonNode> outputs = new LinkedHashMap<>();
                    outputs.put("ImageId", TextNode.valueOf(imageId));
                    outputs.put("ImageState", TextNode.valueOf(state));
                    return ActionResult.of(outputs);
                });
    }
}

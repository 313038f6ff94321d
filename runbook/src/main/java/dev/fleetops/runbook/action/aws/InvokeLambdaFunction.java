package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.RunTarget;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING;

/**
 * {@code aws:invokeLambdaFunction} (UG automation-action-lamb): lambda Invoke with {@code FunctionName},
 * {@code Qualifier}, {@code InvocationType} (default RequestResponse), {@code LogType}, {@code ClientContext} and
 * the payload ({@code InputPayload}, a map sent as JSON, wins over {@code Payload}), within 300 s. Outputs
 * {@code StatusCode}, {@code FunctionError}, {@code LogResult}, {@code Payload} (decoded text). A function error
 * is reported in the outputs and a note; the step itself succeeds, as the call did. AWS only.
 */
final class InvokeLambdaFunction implements Action {

    static final ActionDefinition DEFINITION = automation("aws:invokeLambdaFunction").required("FunctionName")
            .optional("Qualifier", "InvocationType", "LogType", "ClientContext", "InputPayload", "Payload")
            .output("StatusCode", STRING).output("FunctionError", STRING).output("LogResult", STRING).output("Payload", STRING)
            .timeoutSeconds(300) // User Guide: aws:invokeLambdaFunction, "maximum of 300 seconds"
            .notOn(RunTarget.SIMULATOR, "the simulator does not model Lambda")
            .permissions("lambda:InvokeFunction")
            .runs(InvokeLambdaFunction::new).build();

    static final Duration LIMIT = Duration.ofSeconds(300);

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
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("FunctionName", in.string("FunctionName"));
        for (String member : new String[]{"Qualifier", "InvocationType", "LogType", "ClientContext"}) {
            in.optString(member).ifPresent(v -> request.put(member, v));
        }
        if (in.has("InputPayload")) {
            JsonNode p = in.node().get("InputPayload");
            request.put("Payload", p.isTextual() ? p.asText() : p.toString());
        } else {
            in.optString("Payload").ifPresent(p -> request.put("Payload", p));
        }
        return Calls.raw(ctx, "lambda", "Invoke", request, LIMIT)
                .handle((r, e) -> {
                    if (e != null) throw ApiErrors.failure("lambda", "Invoke", e);
                    return r;
                }).thenApply(r -> {
                    Map<String, JsonNode> outputs = new LinkedHashMap<>();
                    outputs.put("StatusCode", TextNode.valueOf(r.path("StatusCode").asText("")));
                    String error = r.path("FunctionError").asText("");
                    outputs.put("FunctionError", TextNode.valueOf(error));
                    outputs.put("LogResult", TextNode.valueOf(decode(r.path("LogResult").asText(""))));
                    outputs.put("Payload", TextNode.valueOf(decode(r.path("Payload").asText(""))));
                    if (!error.isEmpty()) ctx.note("the function reported an error (" + error + "): see Payload");
                    return ActionResult.of(outputs);
                });
    }

    /** Blobs come back base64-encoded (the response's Payload; LogResult is base64 by the API itself). */
    private static String decode(String base64) {
        if (base64.isEmpty()) return "";
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64;
        }
    }
}

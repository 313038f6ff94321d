package dev.fleetops.sim.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The AWS JSON protocols: the operation in {@code X-Amz-Target: <prefix>.<Operation>}, the request and the
 * answer as JSON bodies ({@code application/x-amz-json-1.0} or {@code -1.1}), errors as
 * {@code {"__type": code, "message": ...}} with the code also in {@code X-Amzn-ErrorType} ("AWS JSON 1.1
 * protocol" in the Smithy docs).
 */
record JsonProtocol(String version, String targetPrefix, boolean queryCompatible) implements WireProtocol {

    JsonProtocol(String version, String targetPrefix) {
        this(version, targetPrefix, false);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private String contentType() {
        return "application/x-amz-json-" + version;
    }

    @Override
    public String operation(WireRequest r) {
        String target = r.header("x-amz-target");
        if (target == null) return null;
        int dot = target.lastIndexOf('.');
        if (dot < 0 || !target.substring(0, dot).equals(targetPrefix)) return null;
        return target.substring(dot + 1);
    }

    @Override
    public Object decode(WireRequest r, SdkPojo requestBuilder) {
        JsonNode body;
        try {
            body = r.body().length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new BadRequest(JsonCodec.SERIALIZATION, "The request body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequest(JsonCodec.SERIALIZATION, "The request body cannot be read: " + e.getMessage());
        }
        return JsonCodec.decode(body, requestBuilder);
    }

    @Override
    public Answer answer(String operation, SdkPojo response, String requestId) {
        return Answer.of(200, contentType(), JsonCodec.encode(response).toString()).with("x-amzn-RequestId", requestId);
    }

    /**
     * A query-compatible service (SQS) names the error by its shape in {@code __type} and keeps the query protocol's
     * code in {@code x-amzn-query-error: Code;Sender}, which SDKs report as the error code ("awsQueryCompatible"
     * in the Smithy AWS protocol traits).
     */
    @Override
    public Answer error(Failure f, String requestId) {
        String type = queryCompatible && f.shape() != null ? f.shape() : f.code();
        ObjectNode o = MAPPER.createObjectNode().put("__type", type).put("message", f.message());
        Answer a = Answer.of(f.status(), contentType(), o.toString()).with("x-amzn-RequestId", requestId)
                .with("X-Amzn-ErrorType", type);
        return queryCompatible ? a.with("x-amzn-query-error", f.code() + ";" + (f.sender() ? "Sender" : "Receiver")) : a;
    }

    @Override
    public String unknownOperationCode() {
        return "UnknownOperationException";
    }

    @Override
    public String missingOperationCode() {
        return "UnknownOperationException";
    }

    /**
     * "ValidationException" in the SSM and EventBridge API references' Common Errors; SQS, which keeps its query
     * codes, answers "MissingParameter" as its Common Errors list.
     */
    @Override
    public BadRequest missingMember(String member) {
        String message = "1 validation error detected: Value null at '" + member + "' failed to satisfy constraint: Member must not be null";
        return new BadRequest(queryCompatible ? "MissingParameter" : "ValidationException", message);
    }
}

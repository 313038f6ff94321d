package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.CallToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The idempotency token a call carries, derived from its journal token so that a recovered run's repeat carries
 * the same one (docs/recovery.md, "Repeated calls"), in the form each service accepts.
 */
final class IdempotencyTokens {

    /** Amazon EC2 API Reference, "Ensuring idempotency in Amazon EC2 API requests": up to 64 ASCII characters. */
    static final int EC2_MAX = 64;

    /** Amazon SQS API Reference, SendMessage: MessageDeduplicationId, up to 128 alphanumeric or punctuation characters. */
    static final int SQS_MAX = 128;

    private IdempotencyTokens() { }

    /**
     * {@code input} with the token member of {@code service operation} set from the context's next call token,
     * when the operation has one and the request leaves it empty (a token the user gave is theirs).
     */
    static JsonNode add(ActionContext ctx, String service, String operation, JsonNode input) {
        Repeats.Answer repeat = Repeats.of(service, operation, input);
        if (repeat.kind() != Repeats.Kind.TOKEN || !(input instanceof ObjectNode request)) return input;
        String member = repeat.tokenMember().orElseThrow();
        if (service.equals("sqs") && operation.equals("SendMessageBatch")) return batch(ctx, request, member);
        JsonNode given = request.get(member);
        if (given != null && !given.isNull() && !given.asText().isEmpty()) return input;
        CallToken token = ctx.nextCallToken();
        ObjectNode withToken = request.deepCopy();
        withToken.put(member, of(service, token.value()));
        return withToken;
    }

    /**
     * SendMessageBatch to a FIFO queue: the deduplication ID is per entry (Amazon SQS API Reference,
     * SendMessageBatchRequestEntry), so each entry without one gets the call's journal token and its entry
     * {@code Id} (unique within a batch), in SendMessage's form: a repeated batch is dropped entry by entry.
     */
    private static JsonNode batch(ActionContext ctx, ObjectNode request, String member) {
        JsonNode entries = request.get("Entries");
        if (entries == null || !entries.isArray()) return request;
        CallToken token = null;
        ObjectNode withTokens = request.deepCopy();
        for (JsonNode e : withTokens.get("Entries")) {
            if (!(e instanceof ObjectNode entry)) continue;
            JsonNode given = entry.get(member);
            if (given != null && !given.isNull() && !given.asText().isEmpty()) continue;
            if (token == null) token = ctx.nextCallToken(); // one call, one journal token
            entry.put(member, of("sqs", token.value() + ":" + entry.path("Id").asText()));
        }
        return withTokens;
    }

    /** The token {@code value} as {@code service} accepts it, the same for the same value. */
    static String of(String service, String value) {
        return switch (service) {
            // SSM API Reference, StartAutomationExecution: ClientToken "enforces the UUID format"
            case "ssm" -> UUID.nameUUIDFromBytes(value.getBytes(StandardCharsets.UTF_8)).toString();
            // AWS CloudFormation API Reference, CreateStack: ClientRequestToken [a-zA-Z][-a-zA-Z0-9]*, at most 128
            case "cloudformation" -> hashed(value);
            // AWS Step Functions API Reference, StartExecution: name, 1-80 characters, no whitespace, brackets,
            // wildcards or punctuation such as : / # %
            case "stepfunctions" -> hashed(value);
            case "sqs" -> value.length() <= SQS_MAX && printable(value) ? value : hashed(value);
            default -> value.length() <= EC2_MAX && printable(value) ? value : hashed(value);
        };
    }

    /** ASCII letters, digits and punctuation, no space: what EC2's and SQS's tokens accept. */
    private static boolean printable(String value) {
        return value.chars().allMatch(c -> c >= 0x21 && c < 0x7f);
    }

    /** {@code fleetops-} and 48 hex digits of the value's SHA-256: 57 characters. */
    static String hashed(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "fleetops-" + HexFormat.of().formatHex(d, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}

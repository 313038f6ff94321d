package dev.fleetops.runbook.action.aws;

import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cloud.api.ApiModelException;
import dev.fleetops.cloud.api.Member;
import dev.fleetops.cloud.api.Operation;
import dev.fleetops.cloud.api.ServiceApi;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.retry.RetrySafety;
import software.amazon.awssdk.core.SdkClient;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a repeated call does when a recovered run re-enters the step that made it (the call may have taken effect
 * before the crash): the one table of the actions' mutating calls (docs/recovery.md, "Repeated calls"). It starts
 * from the retry package's {@link RetrySafety} (reads, tokens the SDK model marks, calls idempotent by nature) and
 * adds the token members the model leaves unmarked and what the actions do about the calls that have no token.
 */
final class Repeats {

    enum Kind {
        /** No effect: repeating it is harmless. */
        READ,
        /** The request carries a token derived from the call's journal token: AWS answers a repeat with the first result. */
        TOKEN,
        /** Setting a value, adding what is there, removing what is gone: a second call changes nothing. */
        IDEMPOTENT,
        /** No token: the action looks for what the interrupted call did before it sends again. */
        CHECKED_FIRST,
        /** Sent again: nothing says whether the first call took effect; {@link Answer#why()} says what that means. */
        UNSAFE
    }

    /** How a repeat of one operation is made safe; {@code tokenMember} names the request member of a TOKEN call. */
    record Answer(Kind kind, Optional<String> tokenMember, String why) { }

    /**
     * Token members the SDK model does not mark as such (SSM API Reference: StartAutomationExecution, ClientToken;
     * AWS CloudFormation API Reference: CreateStack, ClientRequestToken; EC2 operations such as RequestSpotInstances).
     */
    private static final Set<String> TOKEN_NAMES = Set.of("ClientToken", "ClientRequestToken");

    /** The mutating calls of the actions that neither carry a token nor are idempotent by nature. */
    private static final Map<String, Answer> ACTIONS = Map.of(
            "ssm:SendCommand", new Answer(Kind.CHECKED_FIRST, Optional.empty(), "no token: the Comment carries the "
                    + "attempt's token, and a re-entered aws:runCommand lists the commands sent since the intent "
                    + "(ListCommands) and follows the one bearing it instead of sending another"),
            "ec2:CreateImage", new Answer(Kind.CHECKED_FIRST, Optional.empty(), "no token, but an AMI name is unique "
                    + "in an account and region: a repeat fails with InvalidAMIName.Duplicate, and aws:createImage "
                    + "follows the image of that name (DescribeImages)"),
            "ec2:DeregisterImage", new Answer(Kind.IDEMPOTENT, Optional.empty(), "gone is gone: aws:deleteImage "
                    + "takes InvalidAMIID.NotFound or .Unavailable as done (a crash between DeregisterImage and the "
                    + "DeleteSnapshot calls leaves the snapshots: the re-entered step no longer sees the image)"),
            "ec2:DeleteSnapshot", new Answer(Kind.IDEMPOTENT, Optional.empty(), "gone is gone: aws:deleteImage takes "
                    + "InvalidSnapshot.NotFound as done"),
            "ec2:RebootInstances", new Answer(Kind.UNSAFE, Optional.empty(), "no token and nothing to check (a reboot "
                    + "leaves no trace in DescribeInstances): the re-entered step reboots again, a second short outage"),
            "lambda:Invoke", new Answer(Kind.UNSAFE, Optional.empty(), "no token: the function runs again; it must "
                    + "be idempotent itself (AWS Lambda Developer Guide: Lambda function best practices)"),
            "stepfunctions:StartExecution", new Answer(Kind.TOKEN, Optional.of("name"), "the execution's name, derived "
                    + "from the call's journal token: a repeat with the name and input of a running execution answers "
                    + "with it, one that has ended with ExecutionAlreadyExists, which aws:executeStateMachine follows "
                    + "(AWS Step Functions API Reference: StartExecution)"));

    private static final ApiCatalog CATALOG = ApiCatalog.standard();

    /**
     * SendMessage to a FIFO queue: SQS accepts a message with a deduplication ID it saw in the last 5 minutes and
     * does not deliver it again (Amazon SQS Developer Guide: "Using the message deduplication ID in Amazon SQS").
     * A standard queue has no such thing: there the call stays {@link Kind#UNSAFE}.
     */
    private static final Answer SQS_FIFO = new Answer(Kind.TOKEN, Optional.of("MessageDeduplicationId"),
            "MessageDeduplicationId derived from the call's journal token: a FIFO queue drops a repeat sent within "
                    + "its 5-minute deduplication interval");

    private Repeats() { }

    /**
     * As {@link #of(String, String)}, for the request as it will be sent: some operations are made safe by what
     * the request names (SendMessage to a FIFO queue, whose URL ends with {@code .fifo}: Amazon SQS Developer
     * Guide, "Amazon SQS FIFO queues").
     */
    static Answer of(String service, String operation, JsonNode request) {
        if (service.equals("sqs") && (operation.equals("SendMessage") || operation.equals("SendMessageBatch"))
                && request != null && request.path("QueueUrl").asText().endsWith(".fifo")) {
            return SQS_FIFO; // SendMessageBatch: each entry's own MessageDeduplicationId (IdempotencyTokens)
        }
        return of(service, operation);
    }

    /** How a repeat of {@code service operation} ("ec2", "RunInstances") is made safe. */
    static Answer of(String service, String operation) {
        Answer explicit = ACTIONS.get(service + ":" + operation);
        if (explicit != null) return explicit;
        Optional<ServiceApi> api = CATALOG.service(service);
        Class<? extends SdkClient> client = api.<Class<? extends SdkClient>>map(a -> a.clientInterface().asSubclass(SdkClient.class))
                .orElse(SdkClient.class);
        RetrySafety safety = RetrySafety.of(client, operation, null);
        if (safety == RetrySafety.READ) return new Answer(Kind.READ, Optional.empty(), "a read");
        if (service.equals("sqs") && (operation.equals("SendMessage") || operation.equals("SendMessageBatch"))) {
            return new Answer(Kind.UNSAFE, Optional.empty(), "a standard queue has no deduplication: the re-entered "
                    + "step sends it again (a FIFO queue deduplicates it by the MessageDeduplicationId derived from the "
                    + "journal token)");
        }
        Optional<String> token = api.flatMap(a -> a.operation(operation)).flatMap(Repeats::tokenMember);
        if (token.isPresent()) {
            return new Answer(Kind.TOKEN, token, token.get() + " derived from the call's journal token");
        }
        return safety == RetrySafety.IDEMPOTENT ? new Answer(Kind.IDEMPOTENT, Optional.empty(), "idempotent by nature")
                : new Answer(Kind.UNSAFE, Optional.empty(),
                "no idempotency token and not idempotent by nature: the re-entered step sends it again");
    }

    /** The request member that carries {@code operation}'s idempotency token, when it has one. */
    private static Optional<String> tokenMember(Operation operation) {
        try {
            for (Member m : operation.input().members().values()) {
                if (m.markedIdempotencyToken() || TOKEN_NAMES.contains(m.name())) return Optional.of(m.name());
            }
        } catch (ApiModelException | IllegalStateException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}

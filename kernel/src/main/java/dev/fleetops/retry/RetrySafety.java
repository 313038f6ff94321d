package dev.fleetops.retry;

import dev.fleetops.cloud.api.Member;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Whether repeating a call is safe, the one place that says so (docs/retries.md). Every error the policy retries
 * may be retried on a call that is
 * <ul>
 *   <li>a read: Describe*, List*, Get* (AWS API naming);</li>
 *   <li>idempotent through its model: the request has an idempotency token member ({@code ClientToken}); the
 *       retrying client fills it once before the first attempt, so every attempt carries the same token;</li>
 *   <li>idempotent by nature, though the SDK model does not say: the table below (setting a value, adding what is
 *       there already, removing what is gone: the second call changes nothing).</li>
 * </ul>
 * Any other mutating call is retried on throttling only, which AWS rejects before acting; after any other
 * retryable error its outcome is unknown ({@link UnknownOutcomeException}). The runbook actions' table of what a
 * repeat after a crash does (docs/recovery.md, "Repeated calls") starts from this one.
 */
public enum RetrySafety {
    READ, TOKEN, IDEMPOTENT, UNSAFE;

    private static final Set<String> READ_PREFIXES = Set.of("Describe", "List", "Get", "BatchGet");

    /** Operations that are idempotent by nature, by client interface (AWS operation names). */
    private static final Map<Class<? extends SdkClient>, Set<String>> IDEMPOTENT_BY_NATURE = Map.of(
            Ec2AsyncClient.class, Set.of("CreateTags", "DeleteTags", "StartInstances", "StopInstances",
                    "TerminateInstances", "ModifyInstanceAttribute", "MonitorInstances", "UnmonitorInstances"),
            AutoScalingAsyncClient.class, Set.of("SetDesiredCapacity", "SetInstanceHealth", "UpdateAutoScalingGroup",
                    "CompleteLifecycleAction", "RecordLifecycleActionHeartbeat", "PutLifecycleHook",
                    "CreateOrUpdateTags", "DeleteTags", "SuspendProcesses", "ResumeProcesses"),
            ElasticLoadBalancingV2AsyncClient.class, Set.of("RegisterTargets", "DeregisterTargets", "AddTags",
                    "RemoveTags", "ModifyTargetGroup", "ModifyTargetGroupAttributes"),
            SsmAsyncClient.class, Set.of("CancelCommand", "AddTagsToResource", "RemoveTagsFromResource"),
            // a message received by a lost answer is delivered again after its visibility timeout
            SqsAsyncClient.class, Set.of("ReceiveMessage", "DeleteMessage", "DeleteMessageBatch",
                    "ChangeMessageVisibility", "ChangeMessageVisibilityBatch", "SetQueueAttributes", "TagQueue",
                    "UntagQueue"),
            EventBridgeAsyncClient.class, Set.of("PutRule", "PutTargets", "RemoveTargets", "DeleteRule", "EnableRule",
                    "DisableRule", "TagResource", "UntagResource"),
            DynamoDbAsyncClient.class, Set.of("Query", "Scan")); // reads without a read prefix

    /** May a call of {@code operation} be retried after any retryable error? */
    public boolean anyRetryableError() {
        return this != UNSAFE;
    }

    /** @param request the call's request; null: the operation's model decides whether it has a token member */
    public static RetrySafety of(Class<? extends SdkClient> client, String operation, SdkRequest request) {
        for (String p : READ_PREFIXES) {
            if (operation.startsWith(p)) return READ;
        }
        SdkRequest model = request != null ? request : MODELS.computeIfAbsent(client.getPackageName() + ".model."
                + operation + "Request", RetrySafety::emptyRequest).orElse(null);
        if (model != null && tokenField(model).isPresent()) return TOKEN;
        return IDEMPOTENT_BY_NATURE.getOrDefault(client, Set.of()).contains(operation) ? IDEMPOTENT : UNSAFE;
    }

    private static final Map<String, Optional<SdkRequest>> MODELS = new java.util.concurrent.ConcurrentHashMap<>();

    /** An empty request of the SDK model class named {@code className}, to read its members. */
    private static Optional<SdkRequest> emptyRequest(String className) {
        try {
            Object builder = Class.forName(className, true, RetrySafety.class.getClassLoader())
                    .getMethod("builder").invoke(null);
            return Optional.of(((SdkRequest.Builder) builder).build());
        } catch (ReflectiveOperationException | ClassCastException e) {
            return Optional.empty(); // not an SDK operation: judged by its name alone
        }
    }

    /**
     * {@code request} with its idempotency token set, when it has a token member left empty. Left empty, the SDK
     * would draw a new token for each attempt, and a retried RunInstances could launch twice.
     */
    static SdkRequest withToken(SdkRequest request, RandomGenerator random) {
        var field = tokenField(request);
        if (field.isEmpty() || request.getValueForField(field.get().memberName(), Object.class).isPresent()) {
            return request;
        }
        var builder = request.toBuilder();
        field.get().set(builder, uuid(random));
        return builder.build();
    }

    /** The model's idempotency token member, as the model marks it ({@link Member#marksIdempotencyToken}). */
    private static Optional<SdkField<?>> tokenField(SdkRequest request) {
        for (SdkField<?> f : request.sdkFields()) {
            if (Member.marksIdempotencyToken(f)) return Optional.of(f);
        }
        return Optional.empty();
    }

    /** A version 4 UUID from {@code random}, so that runs on the simulator repeat for a seed. */
    private static String uuid(RandomGenerator random) {
        long hi;
        long lo;
        synchronized (random) {
            hi = random.nextLong();
            lo = random.nextLong();
        }
        return new UUID((hi & ~0xF000L) | 0x4000L, (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}

package dev.fleetops.retry;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The retries of one API call as the SDK makes them on AWS, for a client's own call boundary: the retrying
 * proxies ({@link Retrying#client}) and the simulator's call gate, which retries there rather than through a
 * proxy (generating one over {@code Ec2AsyncClient} costs seconds of CPU, docs/retries.md). Every retryable error
 * is retried on a call that is safe to repeat ({@link RetrySafety}); any other call is retried on throttling only
 * and otherwise ends as an {@link UnknownOutcomeException}.
 */
public final class CallRetries {

    private final RetryPolicy policy;
    private final Retrier retrier;
    private final Retrier onThrottlingOnly;

    public CallRetries(RetryPolicy policy, Scheduler scheduler, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy);
        RetryPolicy throttlingOnly = policy.toBuilder().retryOn(e -> e.throttling() && policy.retries(e)).build();
        this.retrier = policy.retrier(scheduler, random);
        this.onThrottlingOnly = throttlingOnly.retrier(scheduler, random);
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * {@code attempt} of {@code operation} (AWS name, "RebootInstances") of {@code client}'s API, retried as far as
     * repeating it is safe.
     *
     * @param request the request, when the caller has it (its idempotency token decides); null: judged from the
     *                operation's model
     * @param label   the call in messages and retry events ("ec2 RebootInstances")
     */
    public <T> CompletableFuture<T> call(Class<? extends SdkClient> client, String operation, SdkRequest request,
                                         String label, Supplier<? extends CompletionStage<T>> attempt) {
        RetrySafety safety = RetrySafety.of(client, operation, request);
        if (safety.anyRetryableError()) return retrier.call(label, attempt);
        CompletableFuture<T> call = onThrottlingOnly.call(label, attempt);
        CompletableFuture<T> result = call.handle((v, error) -> {
            if (error == null) return v;
            AwsError e = AwsError.of(error);
            throw new CompletionException(e.kind() == AwsError.Kind.TRANSIENT ? new UnknownOutcomeException(label, e)
                    : e.exception());
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) call.cancel(true);
        });
        return result;
    }
}

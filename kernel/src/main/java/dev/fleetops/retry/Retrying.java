package dev.fleetops.retry;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.SdkClient;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Clients that retry as the SDK does on AWS, for the simulator's in-process clients (which have no retry stage)
 * and any {@link Cloud}: every operation that returns a future is retried per a {@link RetryPolicy} on the cloud's
 * scheduler, mutating ones only when that is safe (see docs/retries.md: reads, calls with an idempotency token,
 * the table of calls idempotent by nature, and any call on throttling; otherwise a retryable error ends the call
 * as an {@link UnknownOutcomeException}).
 *
 * <p>On AWS the SDK's clients already retry; wrapping them multiplies the attempts, so give such clients
 * {@code RetryPolicy.builder().maxAttempts(1)} there or leave them unwrapped.
 */
public final class Retrying {

    private Retrying() { }

    /** {@code cloud} with each of its clients retrying per {@code policy}, jitter drawn from {@code random}. */
    public static Cloud cloud(Cloud cloud, RetryPolicy policy, RandomGenerator random) {
        Objects.requireNonNull(policy);
        Objects.requireNonNull(random);
        Cloud base = cloud instanceof RetryingCloud r ? r.delegate() : cloud; // one layer of retries, not two
        return new RetryingCloud(base, policy, random);
    }

    /** {@code client} (of interface {@code type}) retrying per {@code policy} on {@code scheduler}. */
    public static <C extends SdkClient> C client(Class<C> type, C client, RetryPolicy policy, Scheduler scheduler,
                                                 RandomGenerator random) {
        if (!type.isInterface()) throw new IllegalArgumentException(type.getName() + " is not a client interface");
        return RetryingClient.wrap(type, Objects.requireNonNull(client), Objects.requireNonNull(policy),
                Objects.requireNonNull(scheduler), Objects.requireNonNull(random));
    }
}

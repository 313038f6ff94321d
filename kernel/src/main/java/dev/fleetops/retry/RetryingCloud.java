package dev.fleetops.retry;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.SdkClient;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/** A {@link Cloud} whose clients are its delegate's, each behind a {@link RetryingClient}; built by {@link Retrying}. */
final class RetryingCloud implements Cloud {

    private final Cloud delegate;
    private final RetryPolicy policy;
    private final RandomGenerator random;
    private final Map<Class<?>, SdkClient> wrapped = new ConcurrentHashMap<>();

    RetryingCloud(Cloud delegate, RetryPolicy policy, RandomGenerator random) {
        this.delegate = delegate;
        this.policy = policy;
        this.random = random;
    }

    Cloud delegate() {
        return delegate;
    }

    @Override public String region() { return delegate.region(); }
    @Override public String accountId() { return delegate.accountId(); }
    @Override public Scheduler scheduler() { return delegate.scheduler(); }
    @Override public String describe() { return delegate.describe(); }

    @Override
    public <C extends SdkClient> Optional<C> find(Class<C> type) {
        return delegate.find(type).map(c -> type.cast(wrapped.computeIfAbsent(type,
                t -> RetryingClient.wrap(type, c, policy, delegate.scheduler(), random))));
    }

    @Override
    public <C extends SdkClient> Cloud withClient(Class<C> type, C client) {
        return new RetryingCloud(delegate.withClient(type, client), policy, random);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "Retrying[" + delegate + ", " + policy + "]";
    }
}

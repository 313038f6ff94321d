package dev.fleetops.testing;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.SdkClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process that can "die" inside a test: its scheduler (and a cloud whose scheduler it is) runs nothing once
 * {@link #kill()} was called, as after a kill -9, while the region and its clock go on for the next owner.
 */
public final class DyingProcess implements Scheduler {

    private final Scheduler delegate;
    private final AtomicBoolean killed = new AtomicBoolean();

    public DyingProcess(Scheduler delegate) {
        this.delegate = delegate;
    }

    public void kill() {
        killed.set(true);
    }

    public boolean killed() {
        return killed.get();
    }

    /** {@code cloud}'s clients under this process's scheduler. */
    public Cloud cloud(Cloud cloud) {
        return new ScheduledCloud(cloud, this);
    }

    @Override
    public Instant now() {
        return delegate.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return delegate.schedule(delay, () -> {
            if (!killed.get()) task.run();
        });
    }

    @Override
    public ScheduledExecutorService asScheduledExecutorService() {
        return delegate.asScheduledExecutorService();
    }

    @Override
    public boolean isVirtual() {
        return delegate.isVirtual();
    }

    @Override
    public Hold holdForOutsideWork() {
        return delegate.holdForOutsideWork();
    }

    private record ScheduledCloud(Cloud delegate, Scheduler scheduler) implements Cloud {
        @Override
        public String region() {
            return delegate.region();
        }

        @Override
        public String accountId() {
            return delegate.accountId();
        }

        @Override
        public <C extends SdkClient> Optional<C> find(Class<C> type) {
            return delegate.find(type);
        }

        @Override
        public <C extends SdkClient> Cloud withClient(Class<C> type, C client) {
            return new ScheduledCloud(delegate.withClient(type, client), scheduler);
        }

        @Override
        public String describe() {
            return delegate.describe();
        }

        /** The other locations' clouds under this process's scheduler too: they die with it. */
        @Override
        public Optional<dev.fleetops.cloud.Locations> locations() {
            return delegate.locations().map(l -> (account, region, role) -> l.at(account, region, role)
                    .thenApply(c -> new ScheduledCloud(c, scheduler)));
        }

        @Override
        public void close() { }
    }
}

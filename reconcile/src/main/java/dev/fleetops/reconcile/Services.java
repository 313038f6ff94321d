package dev.fleetops.reconcile;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.time.Scheduler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * What resources of one engine share: the cloud, the event source (absent: watches poll), the runbook runner, and
 * per-engine helpers kinds create on first use ({@link #shared}), such as the batching instance reader.
 */
public final class Services {

    private final String fleet;
    private final Cloud cloud;
    private final Optional<EventSource> events;
    private final RunbookRunner runbooks;
    private final RandomGenerator random;
    private final Map<Class<?>, Object> shared = new LinkedHashMap<>();

    /**
     * @param fleet  the fleet's name (part of every ClientToken)
     * @param events absent on AWS until the events intake feeds apply: watches fall back to polling
     */
    public Services(String fleet, Cloud cloud, Optional<EventSource> events, RunbookRunner runbooks, long seed) {
        this.fleet = fleet;
        this.cloud = cloud;
        this.events = events;
        this.runbooks = runbooks;
        this.random = new SplittableRandom(seed);
    }

    public String fleet() {
        return fleet;
    }

    public Cloud cloud() {
        return cloud;
    }

    public Scheduler scheduler() {
        return cloud.scheduler();
    }

    public Optional<EventSource> events() {
        return events;
    }

    public RunbookRunner runbooks() {
        return runbooks;
    }

    public RandomGenerator random() {
        return random;
    }

    /** The engine-wide instance of a helper, made by {@code make} on first use. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T shared(Class<T> type, Function<Services, T> make) {
        Object o = shared.get(type);
        if (o == null) {
            o = make.apply(this);
            shared.put(type, o);
        }
        return (T) o;
    }

    /** Closes every shared helper that holds something (subscriptions). */
    public synchronized void close() {
        for (Object o : shared.values()) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort at shutdown
                }
            }
        }
        shared.clear();
    }
}

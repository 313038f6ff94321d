package dev.fleetops.sim.parity;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.sim.SimRegion;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A fresh, empty simulated region per test, driven in virtual time. */
public final class SimBackend implements Backend {

    /** Longer than any default transition: boot 30 s + status checks 120 s, health 5 x 30 s, drain 300 s. */
    static final Duration SETTLE = Duration.ofMinutes(10);
    static final Duration MAX_CALL = Duration.ofMinutes(5);

    private final SimRegion region = SimRegion.empty();

    @Override
    public Kind kind() {
        return Kind.SIM;
    }

    @Override
    public Cloud cloud() {
        return region.cloud();
    }

    public SimRegion region() {
        return region;
    }

    @Override
    public <T> T await(CompletableFuture<T> call) {
        try {
            return region.scheduler().await(call, MAX_CALL);
        } catch (RuntimeException e) {
            throw Backend.unwrap(e);
        }
    }

    @Override
    public void settle() {
        // Periodic health checks never leave the queue, so run for a bounded virtual span rather than until idle.
        region.scheduler().runFor(SETTLE);
    }

    @Override
    public void close() {
        region.close();
    }

    @Override
    public String toString() {
        return "sim";
    }
}

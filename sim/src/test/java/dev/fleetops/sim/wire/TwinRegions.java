package dev.fleetops.sim.wire;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import software.amazon.awssdk.core.SdkClient;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The same scenario and seed twice: one region called in-process ({@link #local}), one served over HTTP
 * ({@link #served}) and called by real SDK v2 clients; time moves in both only by the same advances.
 */
final class TwinRegions implements AutoCloseable {

    /** What one call answered on each side. */
    record Answers<R>(R local, R wire) { }

    final SimRegion local;
    final Served served;

    TwinRegions(String scenario, long seed) {
        local = Scenarios.start(Scenarios.load(scenario, Map.of()), seed);
        served = new Served(Scenarios.start(Scenarios.load(scenario, Map.of()), seed));
    }

    void advance(int seconds) {
        local.scheduler().runFor(Duration.ofSeconds(seconds));
        served.advance(seconds);
    }

    /** The call on both regions, in-process first. */
    <C extends SdkClient, R> Answers<R> both(Class<C> client, Function<C, CompletableFuture<R>> call) {
        R here = local.scheduler().await(call.apply(local.cloud().client(client)), Duration.ofMinutes(1));
        try {
            return new Answers<>(here, call.apply(served.cloud().client(client)).get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            throw new AssertionError("the call over the wire failed", e);
        }
    }

    @Override
    public void close() {
        served.close();
    }
}

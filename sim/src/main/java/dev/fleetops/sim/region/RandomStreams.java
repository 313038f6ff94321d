package dev.fleetops.sim.region;

import java.util.SplittableRandom;

/**
 * One seeded random stream per concern, each derived from the scenario seed alone, so that drawing from one never
 * shifts another: turning faults on leaves boot and check timings as they were, and a client's seed does not
 * depend on how much jitter the set-up drew.
 */
public final class RandomStreams {

    /** The concerns that draw random numbers; each has its own stream. */
    public enum Concern {
        /** Jitter of the durations in {@code Timings}. */
        TIMING,
        /** Injected API errors, impaired instances by share, Spot interruptions by rate. */
        FAULTS,
        /** Seeds handed to code running against the region (the CLI's runbook engine). */
        CLIENTS,
        /** The waits between the simulated clients' retries (ApiGate). */
        RETRIES
    }

    private final SplittableRandom timing;
    private final SplittableRandom faults;
    private final SplittableRandom clients;
    private final SplittableRandom retries;

    public RandomStreams(long seed) {
        this.timing = new SplittableRandom(seed); // the stream jitter has always used: same seed, same timings
        this.faults = new SplittableRandom(derive(seed, Concern.FAULTS));
        this.clients = new SplittableRandom(derive(seed, Concern.CLIENTS));
        this.retries = new SplittableRandom(derive(seed, Concern.RETRIES));
    }

    public SplittableRandom of(Concern concern) {
        return switch (concern) {
            case TIMING -> timing;
            case FAULTS -> faults;
            case CLIENTS -> clients;
            case RETRIES -> retries;
        };
    }

    /** The seed mixed with the concern's name (SplittableRandom then scrambles it further). */
    private static long derive(long seed, Concern concern) {
        return seed * 0x9E3779B97F4A7C15L + concern.name().hashCode();
    }
}

package dev.fleetops.waiters;

import java.time.Duration;

/** How a wait ended. Every outcome says how many polls were made and how long it took. */
public sealed interface Outcome<T> {

    int polls();

    Duration elapsed();

    record Succeeded<T>(T value, int polls, Duration elapsed) implements Outcome<T> { }

    record Failed<T>(String message, int polls, Duration elapsed) implements Outcome<T> { }

    /** @param lastSeen the last retry reason, e.g. "2 of 3 targets draining" */
    record TimedOut<T>(String lastSeen, int polls, Duration elapsed) implements Outcome<T> { }

    record Cancelled<T>(int polls, Duration elapsed) implements Outcome<T> { }
}

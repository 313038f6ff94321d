package dev.fleetops.waiters;

/** What one poll concluded, as a waiter acceptor's state: success (with a value), retry, or failure. */
public sealed interface Verdict<T> {

    record Success<T>(T value) implements Verdict<T> { }

    /** @param why what was seen, for progress and the final record on timeout */
    record Retry<T>(String why) implements Verdict<T> { }

    record Failure<T>(String message) implements Verdict<T> { }

    static <T> Verdict<T> success(T value) {
        return new Success<>(value);
    }

    static <T> Verdict<T> retry(String why) {
        return new Retry<>(why);
    }

    static <T> Verdict<T> failure(String message) {
        return new Failure<>(message);
    }
}

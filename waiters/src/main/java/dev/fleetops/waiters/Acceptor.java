package dev.fleetops.waiters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Objects;

/**
 * One acceptor of a waiter, as in the AWS waiter model ({@code waiters-2.json}) and Smithy's {@code @waitable}:
 * when its matcher matches the answer of a poll, the wait takes its state. Acceptors are tried in order; the first
 * that matches wins ({@link Acceptors#judge}).
 *
 * @param state   what a match means: success, retry or failure
 * @param matcher what to look at in the answer
 * @param message for failure acceptors, said when it ends the wait (Smithy's {@code message}); may be null
 */
public record Acceptor(State state, Matcher matcher, String message) {

    public enum State { SUCCESS, RETRY, FAILURE }

    public Acceptor {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(matcher, "matcher");
    }

    public Acceptor(State state, Matcher matcher) {
        this(state, matcher, null);
    }

    /**
     * What an acceptor looks at. The path matchers evaluate a JMESPath expression over the response as JSON with the
     * API's member names ({@code Reservations[].Instances[].State.Name}); {@code expected} is compared as JSON
     * (a string, a boolean or a number).
     */
    public sealed interface Matcher {
        /** The expression's value equals {@code expected}. */
        record Path(String argument, JsonNode expected) implements Matcher { }

        /** The expression gives a non-empty list whose every element equals {@code expected}. */
        record PathAll(String argument, JsonNode expected) implements Matcher { }

        /** The expression gives a list with at least one element equal to {@code expected}. */
        record PathAny(String argument, JsonNode expected) implements Matcher { }

        /** The HTTP status code of the answer, success or error. */
        record Status(int code) implements Matcher { }

        /** The AWS error code of an error answer, e.g. {@code InvalidInstanceID.NotFound}. */
        record Error(String code) implements Matcher { }

        /** Any error ({@code true}) or no error ({@code false}): the model's boolean {@code error} matcher. */
        record AnyError(boolean error) implements Matcher { }
    }

    // ---- the vocabulary of the model, for readable waiter definitions -------------------------------------------

    public static Acceptor success(Matcher m) {
        return new Acceptor(State.SUCCESS, m);
    }

    public static Acceptor retry(Matcher m) {
        return new Acceptor(State.RETRY, m);
    }

    public static Acceptor failure(Matcher m) {
        return new Acceptor(State.FAILURE, m);
    }

    public static Acceptor failure(Matcher m, String message) {
        return new Acceptor(State.FAILURE, m, message);
    }

    public static Matcher path(String argument, String expected) {
        return new Matcher.Path(argument, text(expected));
    }

    public static Matcher path(String argument, boolean expected) {
        return new Matcher.Path(argument, JsonNodeFactory.instance.booleanNode(expected));
    }

    public static Matcher pathAll(String argument, String expected) {
        return new Matcher.PathAll(argument, text(expected));
    }

    public static Matcher pathAny(String argument, String expected) {
        return new Matcher.PathAny(argument, text(expected));
    }

    public static Matcher status(int code) {
        return new Matcher.Status(code);
    }

    public static Matcher error(String code) {
        return new Matcher.Error(code);
    }

    public static Matcher anyError(boolean error) {
        return new Matcher.AnyError(error);
    }

    private static JsonNode text(String s) {
        return JsonNodeFactory.instance.textNode(s);
    }
}

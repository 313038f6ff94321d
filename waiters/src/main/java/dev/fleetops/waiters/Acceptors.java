package dev.fleetops.waiters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.JmesPath;

import java.util.List;
import java.util.Optional;

/**
 * Judges an {@link Answer} with a list of {@link Acceptor}s, by the Smithy waiter rules: acceptors are tried in
 * order and the first that matches decides; when none matches, an error answer fails the wait and any other answer
 * means retry. {@code pathAll} never matches an empty list (an empty filter result must not count as "all ready").
 */
final class Acceptors {

    private Acceptors() { }

    /** The first acceptor that matches, if any. */
    public static Optional<Acceptor> firstMatch(List<Acceptor> acceptors, Answer answer) {
        for (Acceptor a : acceptors) {
            if (matches(a.matcher(), answer)) return Optional.of(a);
        }
        return Optional.empty();
    }

    /** The verdict on one answer; a success carries the answer's JSON body. */
    public static Verdict<JsonNode> judge(List<Acceptor> acceptors, Answer answer) {
        Optional<Acceptor> hit = firstMatch(acceptors, answer);
        if (hit.isEmpty()) {
            if (answer.isError()) return Verdict.failure("no acceptor matched the error " + Poll.describe(answer.error()));
            return Verdict.retry("no acceptor matched the response");
        }
        Acceptor a = hit.get();
        return switch (a.state()) {
            case SUCCESS -> Verdict.success(answer.body());
            case RETRY -> Verdict.retry(describe(a, answer));
            case FAILURE -> Verdict.failure(a.message() != null ? a.message() : describe(a, answer));
        };
    }

    public static boolean matches(Acceptor.Matcher m, Answer answer) {
        if (m instanceof Acceptor.Matcher.Error e) return answer.isError() && e.code().equals(answer.errorCode());
        if (m instanceof Acceptor.Matcher.AnyError e) return answer.isError() == e.error();
        if (m instanceof Acceptor.Matcher.Status s) return answer.status() == s.code();
        if (answer.isError()) return false; // path matchers look at responses only
        if (m instanceof Acceptor.Matcher.Path p) {
            return sameValue(JmesPath.search(p.argument(), answer.body()), p.expected());
        }
        if (m instanceof Acceptor.Matcher.PathAll p) {
            JsonNode v = JmesPath.search(p.argument(), answer.body());
            if (v == null || !v.isArray() || v.isEmpty()) return false;
            for (JsonNode e : v) if (!sameValue(e, p.expected())) return false;
            return true;
        }
        if (m instanceof Acceptor.Matcher.PathAny p) {
            JsonNode v = JmesPath.search(p.argument(), answer.body());
            if (v == null || !v.isArray()) return false;
            for (JsonNode e : v) if (sameValue(e, p.expected())) return true;
            return false;
        }
        throw new IllegalStateException("unknown matcher " + m);
    }

    /** JSON equality, with numbers compared by value (1 equals 1.0). */
    static boolean sameValue(JsonNode actual, JsonNode expected) {
        if (actual == null || actual.isNull() || actual.isMissingNode()) return expected == null || expected.isNull();
        if (actual.isNumber() && expected.isNumber()) return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
        return actual.equals(expected);
    }

    /** "retry: error InvalidInstanceID.NotFound", "failure: pathAny State.Name == terminated" */
    static String describe(Acceptor a, Answer answer) {
        String what;
        if (a.matcher() instanceof Acceptor.Matcher.Error e) what = "error " + e.code();
        else if (a.matcher() instanceof Acceptor.Matcher.AnyError e) what = e.error() ? "an error" : "no error";
        else if (a.matcher() instanceof Acceptor.Matcher.Status s) what = "status " + s.code();
        else if (a.matcher() instanceof Acceptor.Matcher.Path p) what = p.argument() + " == " + p.expected();
        else if (a.matcher() instanceof Acceptor.Matcher.PathAll p) what = "all " + p.argument() + " == " + p.expected();
        else what = "any " + ((Acceptor.Matcher.PathAny) a.matcher()).argument() + " == "
                    + ((Acceptor.Matcher.PathAny) a.matcher()).expected();
        return what;
    }
}

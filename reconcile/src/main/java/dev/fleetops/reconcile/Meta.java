package dev.fleetops.reconcile;

import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;

import java.time.Duration;

/**
 * mgmt's meta-parameters (mgmt's engine/metaparams.go), per resource.
 *
 * @param poll    zero: the resource's own watch; above zero: no watch, a check every {@code poll} instead
 * @param retry   retries of a failing check/apply or watch before the resource fails; -1 = forever
 * @param delay   wait between retries (shared by watch and check/apply, as in mgmt)
 * @param noop    check only, never apply
 * @param timeout longest one check/apply may take (zero: the default wait limit of the kind)
 */
public record Meta(Duration poll, int retry, Duration delay, boolean noop, Duration timeout) {

    public static final Meta DEFAULTS = new Meta(Duration.ZERO, 0, Duration.ZERO, false, Duration.ZERO);

    static final java.util.List<String> FIELDS = java.util.List.of("poll", "retry", "delay", "noop", "timeout");

    public Meta withNoop(boolean n) {
        return new Meta(poll, retry, delay, n, timeout);
    }

    public Meta withRetry(int r, Duration d) {
        return new Meta(poll, r, d, noop, timeout);
    }

    public Meta withPoll(Duration p) {
        return new Meta(p, retry, delay, noop, timeout);
    }

    public Meta withTimeout(Duration t) {
        return new Meta(poll, retry, delay, noop, t);
    }

    /** Reads a {@code meta:} mapping; integers are seconds for poll, delay and timeout. */
    static Meta read(Node node) {
        MapNode m = node.asMap().allowOnly(FIELDS);
        Duration poll = m.get("poll").map(n -> positive(n, "poll")).orElse(Duration.ZERO);
        int retry = m.get("retry").map(n -> n.asScalar().asInt(-1, Short.MAX_VALUE)).orElse(0);
        Duration delay = m.get("delay").map(n -> n.asScalar().asDuration()).orElse(Duration.ZERO);
        boolean noop = m.get("noop").map(n -> n.asScalar().asBoolean()).orElse(false);
        Duration timeout = m.get("timeout").map(n -> positive(n, "timeout")).orElse(Duration.ZERO);
        return new Meta(poll, retry, delay, noop, timeout);
    }

    private static Duration positive(Node n, String what) {
        Duration d = n.asScalar().asDuration();
        if (d.isZero()) throw InputError.at(n, what + " must be above zero (leave it out for the default)");
        return d;
    }
}

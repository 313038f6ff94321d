package dev.fleetops.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What every store decides the same way, whatever it stores in: the order of entries, fencing, lease grants. */
final class Rules {

    private Rules() { }

    /** An execution's head as a store keeps it: its latest sequence number and whether it has ended. */
    record Head(long lastSequence, boolean ended) { }

    /** A lease as a store keeps it; {@code owner} is null once released. */
    record Held(String resource, String owner, long token, Instant expiresAt, Duration ttl) { }

    /** The sequence number {@code entry} gets, or why it cannot be appended. */
    static long nextSequence(String executionId, Optional<Head> head, Entry entry) {
        if (head.isEmpty()) {
            if (!(entry instanceof Entry.Started)) {
                throw new IllegalStateException("execution " + executionId + " has not started: its first entry must be "
                        + "'started', not '" + entry.type() + "'");
            }
            return 1;
        }
        if (entry instanceof Entry.Started) throw new IllegalStateException("execution " + executionId + " has already started");
        if (head.get().ended()) {
            throw new IllegalStateException("execution " + executionId + " has ended: nothing may follow its 'ended' entry");
        }
        return head.get().lastSequence() + 1;
    }

    /** Refuses a write whose token is not the resource's current one (0 when it was never leased). */
    static void checkFence(String resource, long token, Optional<Held> held) {
        long current = held.map(Held::token).orElse(Journal.UNLEASED);
        if (token != current) throw new FencedException(resource, token, current);
    }

    /** The lease {@code a} gets given the current one, or empty while another owner holds it. */
    static Optional<Lease> grant(Op.Acquire a, Optional<Held> current) {
        Instant until = a.now().plus(a.ttl());
        if (current.isEmpty()) return Optional.of(new Lease(a.resource(), a.owner(), 1, until, a.ttl()));
        Held h = current.get();
        if (a.owner().equals(h.owner())) return Optional.of(new Lease(a.resource(), a.owner(), h.token(), until, a.ttl()));
        if (h.owner() == null) return Optional.of(new Lease(a.resource(), a.owner(), h.token() + 1, until, a.ttl()));
        if (!h.expiresAt().isAfter(a.now()) || a.gone().test(h.owner())) {
            return Optional.of(new Lease(a.resource(), a.owner(), h.token() + 1, until, a.ttl(), Optional.of(h.owner())));
        }
        return Optional.empty();
    }

    /** The renewed lease, or a {@link FencedException} when it changed hands or was released. */
    static Lease renewal(Op.Renew r, Optional<Held> current) {
        Lease l = r.lease();
        Held h = current.orElseThrow(() -> new FencedException(l.resource(), l.token(), Journal.UNLEASED));
        if (h.token() != l.token() || !l.owner().equals(h.owner())) throw new FencedException(l.resource(), l.token(), h.token());
        return new Lease(l.resource(), l.owner(), l.token(), r.now().plus(l.ttl()), l.ttl());
    }

    static boolean takeable(Held h, Instant now) {
        return h.owner() != null && !h.expiresAt().isAfter(now);
    }

    /** Held by an owner who has not let it expire. */
    static boolean live(Held h, Instant now) {
        return h.owner() != null && h.expiresAt().isAfter(now);
    }
}

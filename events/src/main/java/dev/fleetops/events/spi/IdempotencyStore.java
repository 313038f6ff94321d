package dev.fleetops.events.spi;

import java.time.Duration;

/**
 * Remembers which events and which (instance, action) pairs were handled, so a redelivered message causes
 * nothing new and four event kinds for one instance cause one action. Keys are strings: {@code event:<id>} and
 * {@code action:<instance>:<action>} (see {@link #eventKey}, {@link #actionKey}).
 *
 * <p>Lifecycle of a key: {@link #claim} (first caller wins) -> {@link #complete} (done: later claims see
 * {@link Claim#DONE}) or {@link #release} (failed: a later delivery may try again). Entries expire after their
 * time to live and are garbage-collected; an in-progress claim that is never completed expires too, so a crashed
 * worker cannot block an action forever. A claim is a lease: claimed for a short time (default 30 s,
 * {@link dev.fleetops.events.IdempotencyTtls#claimLease()}) and {@link #renew renewed} by a heartbeat while its
 * handler runs, so a dead worker's claims are taken over within the lease. {@code fleetops serve} keeps the keys
 * in an SQLite file (one process) or a DynamoDB table (several replicas): docs/events.md.
 */
public interface IdempotencyStore {

    enum Claim {
        /** The caller owns the key now and must complete or release it. */
        CLAIMED,
        /** Another caller holds it and has not finished. */
        IN_PROGRESS,
        /** Already done: do nothing new. */
        DONE
    }

    Claim claim(String key, String owner, Duration ttl);

    /**
     * Whether a call waits on a network round trip (DynamoDB) rather than local memory or a local file. A caller
     * may make local calls for several events one after another on one thread; remote ones it must not line up, or
     * each event waits for the round trips of those before it.
     */
    default boolean remote() {
        return false;
    }

    /**
     * Extends this caller's claim on {@code key} by {@code lease} from now (the heartbeat of a running handler);
     * false when the claim is no longer this caller's (it expired and another worker took it over, or it is done):
     * the caller must not act on it further.
     */
    boolean renew(String key, Duration lease);

    /** Marks a claimed key done; it stays for {@code ttl} from now. */
    void complete(String key, Duration ttl);

    /** Forgets a claim (the work failed and may be retried). */
    void release(String key);

    /** Who holds or completed the key (an event id), if anyone. */
    java.util.Optional<String> owner(String key);

    /** Drops expired entries; returns how many. */
    int gc();

    int size();

    static String eventKey(String eventId) {
        return "event:" + eventId;
    }

    static String actionKey(ActionKey key) {
        return "action:" + key.instanceId() + ":" + key.action();
    }
}

package dev.fleetops.events;

import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The single-process {@link IdempotencyStore}: a concurrent map with expiry on the scheduler's clock. */
final class InMemoryIdempotencyStore implements IdempotencyStore {

    private record Entry(boolean done, String owner, Instant expires) { }

    private final Scheduler scheduler;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    InMemoryIdempotencyStore(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Claim claim(String key, String owner, Duration ttl) {
        Instant now = scheduler.now();
        Claim[] result = new Claim[1];
        entries.compute(key, (k, e) -> {
            if (e == null || !e.expires().isAfter(now)) {
                result[0] = Claim.CLAIMED;
                return new Entry(false, owner, now.plus(ttl));
            }
            result[0] = e.done() ? Claim.DONE : Claim.IN_PROGRESS;
            return e;
        });
        return result[0];
    }

    @Override
    public boolean renew(String key, Duration lease) {
        Instant now = scheduler.now();
        boolean[] kept = new boolean[1];
        entries.computeIfPresent(key, (k, e) -> {
            if (e.done() || !e.expires().isAfter(now)) return e;
            kept[0] = true;
            return new Entry(false, e.owner(), now.plus(lease));
        });
        return kept[0];
    }

    @Override
    public void complete(String key, Duration ttl) {
        Instant expires = scheduler.now().plus(ttl);
        entries.computeIfPresent(key, (k, e) -> new Entry(true, e.owner(), expires));
    }

    @Override
    public void release(String key) {
        entries.computeIfPresent(key, (k, e) -> e.done() ? e : null);
    }

    @Override
    public Optional<String> owner(String key) {
        Entry e = entries.get(key);
        return e == null || !e.expires().isAfter(scheduler.now()) ? Optional.empty() : Optional.of(e.owner());
    }

    @Override
    public int gc() {
        Instant now = scheduler.now();
        int before = entries.size();
        entries.values().removeIf(e -> !e.expires().isAfter(now));
        return before - entries.size();
    }

    @Override
    public int size() {
        return entries.size();
    }
}

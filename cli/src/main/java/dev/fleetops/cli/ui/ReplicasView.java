package dev.fleetops.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Lease;
import dev.fleetops.journal.LeaseListener;
import dev.fleetops.json.Json;
import dev.fleetops.time.Scheduler;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Replicas and their leases as the journal's store holds them: every live lease ({@code Leases.held()}, whoever
 * holds it: this process or another replica on the same store) with its holder, fencing token, expiry and last
 * renewal (a grant or renewal sets the expiry to then + ttl), and the {@code takeable()} ones (expired, not
 * released: a dead replica's work), both read again at each refresh. A replica's last heartbeat is the latest
 * renewal of the leases it holds. Takeovers: the ones this process made (its lease listener says whom from), and
 * the ones seen between two reads, when a lease one read found expired (takeable, or past its expiry when the new
 * holder got it) is held by another owner at the next.
 */
final class ReplicasView implements LeaseListener {

    private static final int TAKEOVERS_KEPT = 100;

    private final Optional<Journal> journal;
    private final Live live;
    private final Scheduler scheduler;
    /** The last read of the store, by resource. */
    private Map<String, Lease> held = new TreeMap<>();
    private List<Lease> takeable = List.of();
    /** Granted to this process since the last read (shown at once; the next read has them). */
    private final Map<String, Lease> granted = new HashMap<>();
    /** Whom each lease taken over was taken from, by resource (the store's rows do not say). */
    private final Map<String, Taken> taken = new HashMap<>();
    private final Deque<ObjectNode> takeovers = new ArrayDeque<>();

    ReplicasView(Optional<Journal> journal, Live live, Scheduler scheduler) {
        this.journal = journal;
        this.live = live;
        this.scheduler = scheduler;
        live.register("replicas", this::json);
    }

    void refresh() {
        journal.ifPresent(j -> j.leases().takeable().thenCombine(j.leases().held(), (expired, live) -> {
            read(expired, live);
            return null;
        }));
    }

    private synchronized void read(List<Lease> expired, List<Lease> live) {
        Map<String, Lease> before = new HashMap<>(held);
        takeable.forEach(l -> before.put(l.resource(), l));
        Map<String, Lease> now = new TreeMap<>();
        for (Lease l : live) {
            now.put(l.resource(), l);
            Lease was = before.get(l.resource());
            Instant grantedAt = l.expiresAt().minus(l.ttl());
            boolean known = taken.containsKey(l.resource()) && taken.get(l.resource()).token() == l.token();
            if (was != null && !was.owner().equals(l.owner()) && l.token() > was.token() && !was.expiresAt().isAfter(grantedAt)
                    && !known) {
                takeover(l.resource(), was.owner(), l.owner(), l.token());
            }
        }
        held = now;
        takeable = List.copyOf(expired);
        granted.values().removeIf(g -> now.containsKey(g.resource()) && now.get(g.resource()).token() >= g.token());
        this.live.dirty("replicas");
    }

    @Override
    public synchronized void acquired(Lease lease) {
        granted.put(lease.resource(), lease);
        lease.takenFrom().ifPresent(from -> takeover(lease.resource(), from, lease.owner(), lease.token()));
        live.dirty("replicas");
    }

    @Override
    public synchronized void lost(Lease lease, RuntimeException why) {
        granted.remove(lease.resource());
        live.dirty("replicas");
    }

    private void takeover(String resource, String from, String to, long token) {
        taken.put(resource, new Taken(token, from));
        takeovers.addFirst(Json.object().put("Resource", resource).put("From", from).put("To", to).put("Token", token)
                .put("At", scheduler.now().toString()));
        if (takeovers.size() > TAKEOVERS_KEPT) takeovers.removeLast();
    }

    synchronized JsonNode json() {
        ObjectNode doc = Json.object().put("Journal", journal.isPresent());
        Instant now = scheduler.now();
        Map<String, Lease> current = new TreeMap<>(held);
        granted.forEach((resource, g) -> current.merge(resource, g, (stored, mine) -> mine.token() >= stored.token() ? mine : stored));
        current.values().removeIf(l -> !l.expiresAt().isAfter(now));
        ArrayNode leases = doc.putArray("Leases");
        Map<String, Instant> heartbeats = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Lease l : current.values()) {
            leases.add(lease(l));
            heartbeats.merge(l.owner(), lastRenewal(l), (x, y) -> x.isAfter(y) ? x : y);
            counts.merge(l.owner(), 1, Integer::sum);
        }
        ArrayNode replicas = doc.putArray("Replicas");
        heartbeats.forEach((owner, at) -> replicas.addObject().put("Owner", owner).put("LastHeartbeat", at.toString())
                .put("Leases", counts.get(owner)));
        ArrayNode t = doc.putArray("Takeable");
        takeable.stream().filter(l -> !current.containsKey(l.resource())).forEach(l -> t.add(lease(l)));
        ArrayNode tk = doc.putArray("Takeovers");
        takeovers.forEach(tk::add);
        return doc;
    }

    private ObjectNode lease(Lease l) {
        ObjectNode o = Json.object().put("Resource", l.resource()).put("Owner", l.owner()).put("Token", l.token())
                .put("ExpiresAt", l.expiresAt().toString()).put("LastRenewal", lastRenewal(l).toString());
        Taken t = taken.get(l.resource());
        if (t != null && t.token() == l.token()) o.put("TakenFrom", t.from());
        return o;
    }

    private record Taken(long token, String from) { }

    private static Instant lastRenewal(Lease l) {
        return l.expiresAt().minus(l.ttl());
    }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replicas and their leases: what this process's journal saw granted (holders, their last heartbeat: a renewal
 * is a grant to the same owner), lost and taken over, and the journal's {@code takeable()} leases (expired, not
 * released: a dead replica's work), read again at each refresh.
 */
final class ReplicasView implements LeaseListener {

    private final Optional<Journal> journal;
    private final Live live;
    private final Scheduler scheduler;
    private final Map<String, ObjectNode> held = new LinkedHashMap<>();
    private final Map<String, Instant> heartbeats = new LinkedHashMap<>();
    private final Deque<ObjectNode> takeovers = new ArrayDeque<>();
    private volatile List<Lease> takeable = List.of();

    ReplicasView(Optional<Journal> journal, Live live, Scheduler scheduler) {
        this.journal = journal;
        this.live = live;
        this.scheduler = scheduler;
        live.register("replicas", this::json);
    }

    void refresh() {
        journal.ifPresent(j -> j.leases().takeable().whenComplete((list, error) -> {
            if (error == null) {
                takeable = List.copyOf(list);
                live.dirty("replicas");
            }
        }));
    }

    @Override
    public synchronized void acquired(Lease lease) {
        held.put(lease.resource(), lease(lease));
        heartbeats.put(lease.owner(), scheduler.now());
        lease.takenFrom().ifPresent(from -> {
            takeovers.addFirst(Json.object().put("Resource", lease.resource()).put("From", from)
                    .put("To", lease.owner()).put("Token", lease.token()).put("At", scheduler.now().toString()));
            if (takeovers.size() > 100) takeovers.removeLast();
        });
        live.dirty("replicas");
    }

    @Override
    public synchronized void lost(Lease lease, RuntimeException why) {
        held.remove(lease.resource());
        live.dirty("replicas");
    }

    synchronized JsonNode json() {
        ObjectNode doc = Json.object().put("Journal", journal.isPresent());
        Instant now = scheduler.now();
        ArrayNode leases = doc.putArray("Leases");
        held.values().stream().filter(l -> Instant.parse(l.path("ExpiresAt").asText()).isAfter(now)).forEach(leases::add);
        ArrayNode replicas = doc.putArray("Replicas");
        heartbeats.forEach((owner, at) -> replicas.addObject().put("Owner", owner).put("LastHeartbeat", at.toString())
                .put("Leases", held.values().stream().filter(l -> owner.equals(l.path("Owner").asText())
                        && Instant.parse(l.path("ExpiresAt").asText()).isAfter(now)).count()));
        ArrayNode t = doc.putArray("Takeable");
        takeable.forEach(l -> t.add(lease(l)));
        ArrayNode tk = doc.putArray("Takeovers");
        takeovers.forEach(tk::add);
        return doc;
    }

    private static ObjectNode lease(Lease l) {
        ObjectNode o = Json.object().put("Resource", l.resource()).put("Owner", l.owner()).put("Token", l.token())
                .put("ExpiresAt", l.expiresAt().toString());
        l.takenFrom().ifPresent(f -> o.put("TakenFrom", f));
        return o;
    }
}

package dev.fleetops.sim.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.Event;
import dev.fleetops.events.EventMetrics;
import dev.fleetops.events.Handler;
import dev.fleetops.events.HandlerContext;
import dev.fleetops.events.HandlerRecord;
import dev.fleetops.events.IdempotencyStore;
import dev.fleetops.events.Recorder;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.RunbookRunner;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.SourceReader;
import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs one handler on one event, as the dispatcher does, on a cloud with a virtual scheduler. */
final class HandlerHarness {

    private HandlerHarness() { }

    /** An EventBridge event from its JSON text (the seeds' payloads), received now. */
    static Event event(String json, Instant received) {
        try {
            JsonNode n = Json.parse(json);
            Optional<Instant> time;
            try {
                time = Optional.of(Instant.parse(n.path("time").asText()));
            } catch (DateTimeParseException e) {
                time = Optional.empty();
            }
            List<String> resources = new ArrayList<>();
            n.path("resources").forEach(r -> resources.add(r.asText()));
            return new Event(n.path("id").asText(), n.path("source").asText(), n.path("detail-type").asText(), time,
                    received, n.path("region").asText(), Optional.of(n.path("account").asText()), resources,
                    n.path("detail"), json, Event.Envelope.EVENTBRIDGE, List.of());
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static MapNode settings(String yaml) {
        return SourceReader.read("settings.yaml", yaml.isBlank() ? "{}" : yaml).asMap();
    }

    static HandlerContext context(Cloud cloud, Handler handler, Event event, MapNode settings, RunbookRunner runbooks,
                                  EventMetrics metrics) {
        Recorder recorder = new Recorder(cloud.scheduler(), handler.name(), event, Optional.empty());
        return new HandlerContext(cloud, cloud.scheduler(), "test-rule", settings, Json.tree(Map.of()), runbooks,
                recorder, Optional.empty(), new MemoryKeys(), metrics);
    }

    static CompletableFuture<HandlerRecord> start(Cloud cloud, Handler handler, Event event) {
        return handler.handle(event, context(cloud, handler, event, settings(""), (d, p) -> {
            throw new UnsupportedOperationException("no runbooks here");
        }, EventMetrics.NONE)).toCompletableFuture();
    }

    /** Drives virtual time until the handler is done. */
    static HandlerRecord run(VirtualScheduler scheduler, Cloud cloud, Handler handler, Event event, Duration maxWait) {
        return scheduler.await(start(cloud, handler, event), maxWait);
    }

    /**
     * Drives virtual time while also waiting for real I/O (Chef, Consul, webhook servers answer on their own
     * threads): virtual time runs whenever it has work; otherwise the test waits for the next real answer.
     */
    static <T> T awaitWithIo(VirtualScheduler scheduler, CompletableFuture<T> f, Duration realTimeout) throws Exception {
        long end = System.nanoTime() + realTimeout.toNanos();
        while (!f.isDone()) {
            scheduler.runUntil(f::isDone, Duration.ofMinutes(10));
            if (f.isDone()) break;
            if (System.nanoTime() > end) throw new AssertionError("no answer within " + realTimeout);
            try {
                f.get(20, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // still waiting on real I/O; virtual time may have work again
            }
        }
        return f.join();
    }

    /** The API calls of a record as "Operation k=v k=v" lines, for readable assertions. */
    static List<String> calls(HandlerRecord r) {
        List<String> out = new ArrayList<>();
        for (var c : r.apiCalls()) {
            StringBuilder b = new StringBuilder(c.operation());
            c.parameters().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            c.errorCode().ifPresent(e -> b.append(" -> ").append(e));
            out.add(b.toString());
        }
        return out;
    }

    /** A plain in-memory key store, enough for one handler run. */
    static final class MemoryKeys implements IdempotencyStore {
        private final Map<String, String> keys = new LinkedHashMap<>();

        @Override public Claim claim(String key, String owner, Duration ttl) {
            if (keys.containsKey(key)) return Claim.DONE;
            keys.put(key, owner);
            return Claim.CLAIMED;
        }
        @Override public void complete(String key, Duration ttl) { }
        @Override public void release(String key) { keys.remove(key); }
        @Override public Optional<String> owner(String key) { return Optional.ofNullable(keys.get(key)); }
        @Override public int gc() { return 0; }
        @Override public int size() { return keys.size(); }
    }
}

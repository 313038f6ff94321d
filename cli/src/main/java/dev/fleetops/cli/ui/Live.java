package dev.fleetops.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.fleetops.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The server-sent event stream: each view is recomputed on its own thread (real time) when a source says it
 * changed, and sent to every open stream when its document differs from the last one sent. A stream gets every
 * view when it opens, so a reconnect (the JDK server closes a response after maxRspTime) loses nothing.
 */
final class Live {

    /** How often changed views are recomputed: well inside the 1 s the page promises. */
    static final long TICK_NANOS = 100_000_000L;

    private final Map<String, Supplier<JsonNode>> views = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Map<String, String> last = new ConcurrentHashMap<>();
    /**
     * How often each open stream gets a comment line. A page that went away is seen only when a write to its
     * connection fails: without it a quiet stream stayed open on the server for good, one per closed page.
     */
    static final long HEARTBEAT_NANOS = 2_000_000_000L;
    private static final byte[] BEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private record Stream(HttpExchange exchange, OutputStream out) { }

    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final AtomicBoolean asked = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    Live() {
        thread = new Thread(this::loop, "fleetops-ui-live");
        thread.setDaemon(true);
        thread.start();
    }

    void register(String name, Supplier<JsonNode> view) {
        views.put(name, view);
        dirty.add(name);
    }

    /** The page or its API answered a request (any thread). */
    void asked() {
        asked.set(true);
    }

    /** Whether anyone looked since the last call: a request answered since, or a stream open now. */
    boolean lookedAt() {
        return asked.getAndSet(false) | !streams.isEmpty(); // not ||: the request is taken either way
    }

    /** A source of {@code name} changed: recompute it at the next tick. */
    void dirty(String name) {
        dirty.add(name);
    }

    private void loop() {
        long nextBeat = System.nanoTime() + HEARTBEAT_NANOS;
        while (!closed) {
            LockSupport.parkNanos(TICK_NANOS);
            for (String name : List.copyOf(dirty)) {
                dirty.remove(name);
                String text;
                try {
                    text = Json.compact(views.get(name).get());
                } catch (RuntimeException e) {
                    continue; // a source failing now (a Describe error) keeps the last document; the next change retries
                }
                if (text.equals(last.put(name, text))) continue;
                byte[] frame = frame(name, text);
                for (Stream s : streams) send(s, frame);
            }
            if (System.nanoTime() - nextBeat >= 0) {
                nextBeat = System.nanoTime() + HEARTBEAT_NANOS;
                for (Stream s : streams) send(s, BEAT);
            }
        }
    }

    /** Holds {@code ex} open as an event stream until the client goes or the server closes it. */
    void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        synchronized (out) {
            out.write("retry: 500\n\n".getBytes(StandardCharsets.UTF_8));
            for (var v : views.entrySet()) {
                String text = last.computeIfAbsent(v.getKey(), k -> Json.compact(v.getValue().get()));
                out.write(frame(v.getKey(), text));
            }
            out.flush();
        }
        streams.add(new Stream(ex, out));
    }

    private void send(Stream s, byte[] frame) {
        try {
            synchronized (s.out()) {
                s.out().write(frame);
                s.out().flush();
            }
        } catch (IOException gone) {
            // the page went away: end the exchange, so the server frees its connection
            streams.remove(s);
            s.exchange().close();
        }
    }

    private static byte[] frame(String name, String text) {
        return ("event: " + name + "\ndata: " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    int openStreams() {
        return streams.size();
    }

    void close() {
        closed = true;
        for (Stream s : streams) s.exchange().close();
        streams.clear();
    }
}

package dev.fleetops.events.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fleetops.events.Health;
import dev.fleetops.events.Intake;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.PrometheusMetrics;
import dev.fleetops.journal.Inbox;
import dev.fleetops.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The daemon's HTTP side (JDK httpserver): {@code POST /events} (bearer token required; one event or a JSON
 * array; 202 accepted and handled asynchronously, 400 with the reason when a message is rejected, 401 without
 * the right token, 413 when larger than 1 MiB), {@code GET /metrics} (Prometheus text), {@code GET /healthz} (JSON: each
 * {@link Health} check and its result; 503 when one fails) and {@code GET /readyz} (JSON: ready, the failing checks,
 * and the daemon's flags; 503 until ready). Binds to loopback unless told otherwise.
 *
 * <p>With an {@link Inbox} the intake is durable: each accepted event is put in the inbox, and durable, before the
 * 202 is sent, and marked done once handled (a handling left for retry stays pending); {@link #handlePending()}
 * handles at start-up what a crash left there, and {@link #drain} waits for what is in flight at shutdown.
 */
public final class HttpIntake implements AutoCloseable {

    static final int MAX_BODY = 1024 * 1024;

    /** Connections served at once; one more is refused (the JDK server closes it) rather than queued. */
    public static final int MAX_CONNECTIONS = 64;

    private final HttpServer server;
    private final ExecutorService pool;
    private final Intake intake;
    private final java.util.concurrent.Executor dispatch;
    private final byte[] token;
    private final PrometheusMetrics metrics;
    private final BooleanSupplier healthy;
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final Optional<Inbox> inbox;
    private final Supplier<ObjectNode> readiness;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile Health health = new Health();
    private volatile BooleanSupplier ready = () -> true;

    /**
     * @param token   the bearer token clients must send; empty disables /events (never unauthenticated)
     * @param healthy what /healthz reports (sources running)
     */
    public HttpIntake(InetSocketAddress bind, Intake intake, Optional<String> token, PrometheusMetrics metrics,
                      BooleanSupplier healthy) throws IOException {
        this(bind, intake, token, metrics, healthy, Runnable::run);
    }

    /** @param dispatch where accepted events are handed to the intake (the simulator's driving thread) */
    public HttpIntake(InetSocketAddress bind, Intake intake, Optional<String> token, PrometheusMetrics metrics,
                      BooleanSupplier healthy, java.util.concurrent.Executor dispatch) throws IOException {
        this(bind, intake, token, metrics, healthy, dispatch, Optional.empty(), Json::object);
    }

    /**
     * @param inbox     where accepted events are journaled before the 202 (empty: handled from memory only)
     * @param readiness the flags /readyz reports next to {@code ready}
     */
    public HttpIntake(InetSocketAddress bind, Intake intake, Optional<String> token, PrometheusMetrics metrics,
                      BooleanSupplier healthy, java.util.concurrent.Executor dispatch, Optional<Inbox> inbox,
                      Supplier<ObjectNode> readiness) throws IOException {
        this.dispatch = dispatch;
        this.inbox = inbox;
        this.readiness = readiness;
        this.intake = intake;
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.metrics = metrics;
        this.healthy = healthy;
        Timeouts.apply();
        try {
            this.server = HttpServer.create(bind, 64);
        } catch (java.net.BindException e) { // the JDK's message names no address: say which one is taken
            java.net.BindException named = new java.net.BindException(bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
        // The JDK server reads a request's headers on the executor's thread: with a few threads, as many clients
        // trickling their headers would hold every one of them. Threads are made per connection up to a limit
        // (past it a connection is closed unanswered, not queued), and the read timeout (Timeouts) closes the trickling ones.
        this.pool = new java.util.concurrent.ThreadPoolExecutor(4, MAX_CONNECTIONS, 60, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "fleetops-http");
                    t.setDaemon(true);
                    return t;
                }, (task, executor) -> {
                    throw new java.util.concurrent.RejectedExecutionException("more than " + MAX_CONNECTIONS + " connections");
                });
        server.setExecutor(pool);
        server.createContext("/events", this::events);
        server.createContext("/metrics", ex -> {
            if (!get(ex)) return;
            send(ex, 200, PrometheusMetrics.CONTENT_TYPE, metrics.render());
        });
        server.createContext("/healthz", ex -> {
            if (!get(ex)) return;
            List<Health.Result> results = health.run();
            boolean ok = healthy.getAsBoolean() && results.stream().allMatch(Health.Result::ok);
            ObjectNode r = Json.object().put("status", ok ? "ok" : "failing");
            r.set("checks", Health.json(results));
            send(ex, ok ? 200 : 503, "application/json", Json.compact(r));
        });
        server.createContext("/readyz", ex -> {
            if (!get(ex)) return;
            List<Health.Result> results = health.run();
            List<Health.Result> failing = results.stream().filter(x -> !x.ok()).toList();
            boolean started = ready.getAsBoolean();
            boolean ok = started && healthy.getAsBoolean() && accepting.get() && failing.isEmpty();
            ObjectNode r = Json.object().put("ready", ok);
            if (!started) r.put("reason", "starting: start-up recovery or the sources are not done yet");
            else if (!accepting.get()) r.put("reason", "stopping");
            r.set("failing", Health.json(failing));
            r.setAll(readiness.get());
            send(ex, ok ? 200 : 503, "application/json", Json.compact(r));
        });
        server.start();
    }

    /**
     * What /healthz runs (every check, each with its last result) and when /readyz says ready: {@code ready}
     * true once start-up recovery has ended and the sources poll, and every check passing. Until this is called,
     * there are no checks and the intake is ready.
     */
    public void health(Health checks, BooleanSupplier ready) {
        this.health = checks;
        this.ready = ready;
    }

    /** Handles what the inbox still holds (accepted before a crash, never handled); returns how many. */
    public int handlePending() {
        if (inbox.isEmpty()) return 0;
        var pending = inbox.get().pending().toCompletableFuture().join();
        for (Inbox.PendingEvent p : pending) {
            JsonNode tree;
            try {
                tree = Json.parse(p.body());
            } catch (IOException e) {
                inbox.get().done(p.eventId()); // stored only after it parsed: cannot happen short of a damaged file
                continue;
            }
            handle(p.eventId(), tree);
        }
        return pending.size();
    }

    /** Events accepted and not yet handled. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Completes once every event accepted so far is handled (or failed); callers bound the wait. */
    public CompletableFuture<Void> drain() {
        return CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).handle((v, e) -> null);
    }

    private void handle(String inboxId, JsonNode item) {
        CompletableFuture<MessageFate> f = new CompletableFuture<>();
        inFlight.add(f);
        f.whenComplete((fate, error) -> {
            if (inbox.isPresent() && error == null && fate.disposition() != MessageFate.Disposition.RETRY) {
                inbox.get().done(inboxId).whenComplete((v, e) -> inFlight.remove(f));
            } else {
                inFlight.remove(f);
            }
        });
        dispatch.execute(() -> {
            try {
                intake.submit("http", item).whenComplete((fate, error) -> {
                    if (error != null) f.completeExceptionally(error);
                    else f.complete(fate);
                });
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
    }

    /** Mounts more on this server (the live page, docs/ui.md): it shares the port, the bind address and the threads. */
    public void mount(java.util.function.Consumer<HttpServer> mounter) {
        mounter.accept(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting events (503); /metrics and /healthz keep answering until {@link #close}. */
    public void stopAccepting() {
        accepting.set(false);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void events(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Allow", "POST");
                send(ex, 405, "application/json", error("use POST"));
                return;
            }
            if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                send(ex, 401, "application/json", error("a bearer token is required (Authorization: Bearer TOKEN)"));
                return;
            }
            if (!accepting.get()) {
                send(ex, 503, "application/json", error("shutting down"));
                return;
            }
            byte[] body = readLimited(ex.getRequestBody());
            if (body == null) {
                send(ex, 413, "application/json", error("body larger than 1 MiB"));
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            JsonNode tree;
            try {
                tree = Json.parse(text);
            } catch (IOException e) {
                intake.reject("http", "not JSON");
                send(ex, 400, "application/json", error("not JSON: " + e.getMessage().lines().findFirst().orElse("")));
                return;
            }
            ArrayNode results = Json.MAPPER.createArrayNode();
            boolean anyRejected = false;
            Iterable<JsonNode> items = tree.isArray() ? tree : java.util.List.of(tree);
            java.util.List<JsonNode> list = new java.util.ArrayList<>();
            items.forEach(list::add);
            java.util.List<Optional<String>> verdicts = list.stream().map(intake::precheck).toList();
            java.util.List<String> ids = new java.util.ArrayList<>();
            java.util.List<CompletableFuture<Boolean>> stored = new java.util.ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                // one inbox entry per accepted item (an event posted twice is two entries; its keys absorb the second)
                String id = UUID.randomUUID().toString();
                ids.add(id);
                if (inbox.isPresent() && verdicts.get(i).isEmpty()) {
                    stored.add(inbox.get().put(id, Json.compact(list.get(i))).toCompletableFuture());
                }
            }
            try {
                CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).join(); // durable before the 202
            } catch (RuntimeException e) {
                send(ex, 503, "application/json", error("cannot journal the event: " + e.getMessage()));
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                // the answer says at once whether the event is rejected; handling goes on after the answer
                Optional<String> rejected = verdicts.get(i);
                if (rejected.isPresent()) dispatch.execute(() -> intake.submit("http", item)); // counted as rejected
                else handle(ids.get(i), item);
                ObjectNode r = results.addObject();
                if (rejected.isPresent()) {
                    anyRejected = true;
                    r.put("status", "rejected").put("reason", rejected.get());
                } else {
                    r.put("status", "accepted");
                    r.put("id", item.path("id").asText(item.path("RequestId").asText("")));
                }
            }
            ObjectNode answer = Json.object();
            answer.set("results", results);
            send(ex, anyRejected ? 400 : 202, "application/json", Json.compact(answer));
        }
    }

    private boolean authorized(String header) {
        if (token == null || header == null || !header.startsWith("Bearer ")) return false;
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean get(HttpExchange ex) throws IOException {
        if ("GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod())) return true;
        send(ex, 405, "text/plain", "use GET\n");
        ex.close();
        return false;
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] b = in.readNBytes(MAX_BODY + 1);
        return b.length > MAX_BODY ? null : b;
    }

    private static String error(String message) {
        return Json.compact(Json.object().put("error", message));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package dev.fleetops.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.fleetops.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Routes under /ui/: the page and its script, the JSON API (GET views, POST a signal) and the event stream.
 * With a token every request needs it: {@code Authorization: Bearer TOKEN}, or the cookie a visit to
 * {@code /ui/?token=TOKEN} sets (HttpOnly, SameSite=Strict; the answer redirects to /ui/ so the token leaves the
 * address bar). Without it: 401, page and API alike.
 */
final class UiHttp {

    private static final String COOKIE = "fleetops_ui";
    private static final int MAX_BODY = 64 * 1024;

    private final byte[] token;
    private final Live live;
    private final FleetView fleet;
    private final ExecutionsView executions;
    private final EventsView events;
    private final ReplicasView replicas;

    UiHttp(Optional<String> token, Live live, FleetView fleet, ExecutionsView executions, EventsView events, ReplicasView replicas) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.live = live;
        this.fleet = fleet;
        this.executions = executions;
        this.events = events;
        this.replicas = replicas;
    }

    void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (ApiError e) {
            send(ex, e.status, "application/json", e.body());
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        String rest = path.substring(FleetUi.PATH.length() - 1); // "/", "/api/fleet"...
        if (token != null && rest.equals("/") && query.containsKey("token") && matches(query.get("token"))) {
            ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + query.get("token") + "; Path=" + FleetUi.PATH
                    + "; HttpOnly; SameSite=Strict");
            ex.getResponseHeaders().set("Location", FleetUi.PATH);
            ex.sendResponseHeaders(303, -1);
            ex.close();
            return;
        }
        if (!authorized(ex)) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            send(ex, 401, "text/plain; charset=utf-8", "401: the page needs the intake's token: open /ui/?token=TOKEN "
                    + "or send Authorization: Bearer TOKEN\n");
            return;
        }
        live.asked();
        String method = ex.getRequestMethod();
        if (rest.equals("/") || rest.equals("/index.html")) resource(ex, "index.html", "text/html; charset=utf-8");
        else if (rest.equals("/ui.js")) resource(ex, "ui.js", "text/javascript; charset=utf-8");
        else if (rest.equals("/api/stream")) live.stream(ex);
        else if (rest.startsWith("/api/executions/") && rest.endsWith("/signal")) {
            if (!"POST".equals(method)) throw ApiError.methodNotAllowed("use POST for .../signal");
            signal(ex, rest);
        } else if (rest.startsWith("/api/")) {
            if (!"GET".equals(method) && !"HEAD".equals(method)) throw ApiError.methodNotAllowed("use GET (POST only for .../signal)");
            String name = rest.substring(5);
            JsonNode doc = view(name, query);
            if (doc == null) throw ApiError.unknownOperation("no view " + name + " (fleet, executions, executions/ID, events, replicas, stream)");
            send(ex, 200, "application/json", Json.compact(doc));
        } else {
            send(ex, 404, "text/plain; charset=utf-8", "no such page: " + path + "\n");
        }
    }

    /** A view's document, or null when there is no such view; an execution's id is checked ({@link ApiError}). */
    JsonNode view(String name, Map<String, String> query) {
        if (name.startsWith("executions/")) {
            String id = ApiError.executionId(name.substring("executions/".length()));
            return executions.one(id).orElseThrow(() -> ApiError.noExecution(id));
        }
        return switch (name) {
            case "fleet" -> fleet.json();
            case "executions" -> executions.list(query);
            case "events" -> events.json();
            case "replicas" -> replicas.json();
            default -> null;
        };
    }

    private void signal(HttpExchange ex, String rest) throws IOException {
        String id = ApiError.executionId(rest.substring("/api/executions/".length(), rest.length() - "/signal".length()));
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) throw ApiError.validation("the body is larger than 64 KiB");
        JsonNode req;
        try {
            req = Json.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ApiError.validation("the body is not JSON; expected {\"SignalType\": \"Approve\"|\"Reject\", \"Comment\": ...}");
        }
        executions.signal(id, req.path("SignalType").asText(""), req.path("By").asText("fleetops-ui"),
                Optional.ofNullable(req.path("Comment").textValue()));
        send(ex, 200, "application/json", Json.compact(Json.object().put("AutomationExecutionId", id)
                .put("SignalType", req.path("SignalType").asText())));
    }

    private boolean authorized(HttpExchange ex) {
        if (token == null) return true;
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h != null && h.startsWith("Bearer ") && matches(h.substring(7).trim())) return true;
        for (String cookies : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
            for (String c : cookies.split(";")) {
                String t = c.trim();
                if (t.startsWith(COOKIE + "=") && matches(t.substring(COOKIE.length() + 1))) return true;
            }
        }
        return false;
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static void resource(HttpExchange ex, String name, String type) throws IOException {
        try (InputStream in = UiHttp.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("the jar lacks dev/fleetops/cli/ui/" + name);
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            send(ex, 200, type, in.readAllBytes());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) return q;
        for (String p : raw.split("&")) {
            int i = p.indexOf('=');
            if (i <= 0) continue;
            try {
                q.put(URLDecoder.decode(p.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiError.validation("the query has a malformed %-escape: " + p);
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
        try (ex) {
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}

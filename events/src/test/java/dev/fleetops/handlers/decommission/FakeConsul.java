package dev.fleetops.handlers.decommission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fleetops.json.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few Consul HTTP endpoints decommission uses, in-process (Consul has no Debian package here): the catalog's
 * nodes, sessions by node, session destroy (which releases the session's KV locks, Consul's default behaviour) and
 * catalog deregister. Answers as Consul does: deregistering or destroying something absent is still 200 true.
 */
final class FakeConsul implements AutoCloseable {

    final Map<String, String> nodes = new LinkedHashMap<>();            // node -> address
    final Map<String, String> sessions = new LinkedHashMap<>();         // session id -> node
    final Map<String, String> locks = new LinkedHashMap<>();            // KV key -> session id
    final List<String> requests = new ArrayList<>();
    volatile String requiredToken;
    private final HttpServer server;

    FakeConsul() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void register(String node, String address, String... sessionIds) {
        nodes.put(node, address);
        for (String s : sessionIds) {
            sessions.put(s, node);
            locks.put("locks/" + s, s);
        }
    }

    private synchronized void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        requests.add(method + " " + path);
        if (requiredToken != null && !requiredToken.equals(x.getRequestHeaders().getFirst("X-Consul-Token"))) {
            answer(x, 403, "\"ACL not found\"");
            return;
        }
        if (method.equals("GET") && path.startsWith("/v1/session/node/")) {
            String node = URLDecoder.decode(path.substring("/v1/session/node/".length()), StandardCharsets.UTF_8);
            ArrayNode out = Json.MAPPER.createArrayNode();
            sessions.forEach((id, n) -> {
                if (n.equals(node)) out.addObject().put("ID", id).put("Node", n).put("Behavior", "release");
            });
            answer(x, 200, out.toString());
        } else if (method.equals("PUT") && path.startsWith("/v1/session/destroy/")) {
            String id = path.substring("/v1/session/destroy/".length());
            sessions.remove(id);
            locks.values().removeIf(id::equals);
            answer(x, 200, "true");
        } else if (method.equals("PUT") && path.equals("/v1/catalog/deregister")) {
            JsonNode body = Json.parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String node = body.path("Node").asText();
            if (node.isEmpty()) {
                answer(x, 400, "Must provide node");
                return;
            }
            nodes.remove(node);
            sessions.values().removeIf(node::equals); // deregistering a node invalidates its sessions
            locks.values().removeIf(s -> !sessions.containsKey(s));
            answer(x, 200, "true");
        } else {
            answer(x, 404, "no such endpoint in the fake");
        }
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

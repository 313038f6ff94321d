package dev.fleetops.handlers.decommission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.spi.Event;
import dev.fleetops.json.Json;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Releases the node's locks and removes it from the Consul catalog: {@code GET /v1/session/node/NODE}, then
 * {@code PUT /v1/session/destroy/ID} for each session (its locks are released, the default session behaviour),
 * then {@code PUT /v1/catalog/deregister {"Node": NODE}}. All of these succeed for a node or session that is
 * already gone, so a replay is harmless.
 *
 * @param token an ACL token, sent as X-Consul-Token
 */
record ConsulCleanup(String url, Optional<String> token, Optional<String> datacenter) implements Cleanup {

    @Override
    public String name() {
        return "consul";
    }

    @Override
    public CompletableFuture<String> run(InventoryEntry e, Event event, CleanupContext c) {
        if (e.consulNode().isEmpty()) {
            return CompletableFuture.completedFuture("skipped: no Consul node name known for " + e.instanceId());
        }
        String node = e.consulNode().get();
        return sessions(c, node).thenCompose(ids -> {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (String id : ids) {
                chain = chain.thenCompose(v -> put(c, "/v1/session/destroy/" + enc(id), null).thenApply(r -> null));
            }
            String body = Json.compact(java.util.Map.of("Node", node));
            return chain.thenCompose(v -> put(c, "/v1/catalog/deregister", body))
                    .thenApply(r -> "destroyed " + ids.size() + " session(s) of " + node + " and deregistered it");
        });
    }

    private CompletableFuture<List<String>> sessions(CleanupContext c, String node) {
        HttpRequest req = builder("/v1/session/node/" + enc(node)).GET().build();
        return c.http().send("consul", req, "Node", node).thenApply(r -> {
            check(r, "list the sessions of " + node);
            List<String> ids = new ArrayList<>();
            try {
                for (JsonNode s : Json.parse(r.body().isBlank() ? "[]" : r.body())) ids.add(s.path("ID").asText());
            } catch (Exception ex) {
                throw new IllegalStateException("Consul answered a session list that is not JSON: " + ex.getMessage());
            }
            return ids;
        });
    }

    private CompletableFuture<HttpResponse<String>> put(CleanupContext c, String path, String json) {
        HttpRequest req = builder(path).PUT(json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json").build();
        return c.http().send("consul", req).thenApply(r -> {
            check(r, "PUT " + path);
            return r;
        });
    }

    private HttpRequest.Builder builder(String path) {
        String full = url.replaceAll("/+$", "") + path + datacenter.map(d -> "?dc=" + enc(d)).orElse("");
        HttpRequest.Builder b = HttpCalls.request(full);
        token.ifPresent(t -> b.header("X-Consul-Token", t));
        return b;
    }

    private static void check(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("Consul " + what + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

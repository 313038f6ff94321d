package dev.fleetops.handlers.decommission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.spi.Event;
import dev.fleetops.json.Json;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the instance's inventory entry and the event to a URL, signed with HMAC-SHA256 over the exact body
 * ({@code X-Fleetops-Signature: sha256=<hex>}, the GitHub webhook convention), with {@code X-Fleetops-Event-Id}
 * so the receiver can deduplicate redeliveries. Any 2xx is success; anything else is retried by redelivery.
 */
record WebhookCleanup(String url, byte[] secret) implements Cleanup {

    public static final String SIGNATURE_HEADER = "X-Fleetops-Signature";

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public CompletableFuture<String> run(InventoryEntry e, Event event, CleanupContext c) {
        ObjectNode body = Json.object();
        body.put("action", "decommission");
        body.put("event-id", event.id());
        body.put("instance-id", e.instanceId());
        body.put("state", event.detailText("state").orElse(""));
        body.set("inventory", Json.tree(e));
        byte[] bytes = Json.compact(body).getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpCalls.request(url).POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json").header(SIGNATURE_HEADER, "sha256=" + sign(secret, bytes))
                .header("X-Fleetops-Event-Id", event.id()).build();
        return c.http().send("webhook", req, "InstanceId", e.instanceId()).thenApply(r -> {
            if (r.statusCode() / 100 != 2) throw new IllegalStateException("webhook " + url + ": HTTP " + r.statusCode());
            return "notified " + url + " (HTTP " + r.statusCode() + ")";
        });
    }

    public static String sign(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

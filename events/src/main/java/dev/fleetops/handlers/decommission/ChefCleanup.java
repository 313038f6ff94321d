package dev.fleetops.handlers.decommission;

import dev.fleetops.events.spi.Event;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes the instance's Chef node and (optionally) its API client, with signed Chef Server API requests
 * ({@link ChefSigner}). 404 is "already gone". The signature carries the real time (the server rejects
 * timestamps more than 15 minutes off its clock), so this reads a {@link Clock}, not the scheduler: on the
 * simulator the scheduler's time is virtual while the Chef server is real.
 *
 * @param url          the server's base URL, with the organization for Chef Server 12+
 *                     ({@code https://chef.example.com/organizations/acme}); goiardi: {@code http://host:4545}
 * @param deleteClient also DELETE /clients/NAME (the node's API client, named like the node by default)
 * @param keyWarning   the key file is readable by everyone ({@link dev.fleetops.files.SecretFiles}): said in every
 *                     run's note until it is fixed
 */
record ChefCleanup(String url, ChefSigner signer, boolean deleteClient, Clock clock, java.util.Optional<String> keyWarning)
        implements Cleanup {

    @Override
    public String name() {
        return "chef";
    }

    @Override
    public CompletableFuture<String> run(InventoryEntry e, Event event, CleanupContext c) {
        if (e.chefNode().isEmpty()) {
            return CompletableFuture.completedFuture("skipped: no Chef node name known for " + e.instanceId());
        }
        String node = e.chefNode().get();
        List<String> paths = new ArrayList<>(List.of("/nodes/" + node));
        if (deleteClient) paths.add("/clients/" + node);
        List<String> done = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String p : paths) {
            chain = chain.thenCompose(v -> delete(c, p).thenAccept(done::add));
        }
        return chain.thenApply(v -> keyWarning.map(w -> w + "; ").orElse("") + String.join("; ", done));
    }

    private CompletableFuture<String> delete(CleanupContext c, String relative) {
        String full = url.replaceAll("/+$", "") + relative;
        String path = URI.create(full).getRawPath();
        HttpRequest.Builder b = HttpCalls.request(full).DELETE().header("Accept", "application/json")
                .header("X-Chef-Version", "12.0.0");
        signer.headers("DELETE", path, new byte[0], clock.instant()).forEach(b::header);
        return c.http().send("chef", b.build(), "Path", path).thenApply(r -> judge(r, relative));
    }

    private static String judge(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 == 2) return "deleted " + what;
        if (r.statusCode() == 404) return "already gone: " + what;
        throw new IllegalStateException("Chef DELETE " + what + ": HTTP " + r.statusCode() + " " + r.body());
    }

    /** A signed request to the Chef server (tests create nodes and clients with it). */
    public CompletableFuture<HttpResponse<String>> request(HttpCalls http, String method, String relative, String json) {
        String full = url.replaceAll("/+$", "") + relative;
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpCalls.request(full).method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body)).header("Accept", "application/json")
                .header("Content-Type", "application/json").header("X-Chef-Version", "12.0.0");
        signer.headers(method, URI.create(full).getRawPath(), body, clock.instant()).forEach(b::header);
        return http.send("chef", b.build());
    }
}

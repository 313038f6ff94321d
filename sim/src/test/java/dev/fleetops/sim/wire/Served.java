package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.AwsCloud;
import dev.fleetops.cloud.AwsSettings;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * A region served on a free loopback port with its clock stopped (speed 0): time moves only through
 * {@code POST /_fleetops/advance}, so a test is deterministic. {@link #cloud()} gives real SDK v2 async clients over
 * HTTP with test credentials and the SDK's retries off (an error must show at once).
 */
final class Served implements AutoCloseable {

    private final SimServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private Cloud cloud;

    Served(SimRegion region) {
        this(region, new SimServer.Options("127.0.0.1", 0, 0));
    }

    Served(SimRegion region, SimServer.Options options) {
        try {
            this.server = SimServer.start(region, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return server.endpoint();
    }

    synchronized Cloud cloud() {
        if (cloud == null) {
            System.setProperty("aws.accessKeyId", "test");
            System.setProperty("aws.secretAccessKey", "test");
            cloud = AwsCloud.create(new AwsSettings(Optional.of("us-east-1"), Optional.empty(), Optional.of(endpoint()), false));
        }
        return cloud;
    }

    /** Runs {@code seconds} of virtual time on the server; returns the admin API's answer. */
    JsonNode advance(double seconds) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint().resolve("/_fleetops/advance?seconds=" + seconds))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        if (r.statusCode() != 200) throw new AssertionError("advance answered " + r.statusCode() + ": " + r.body());
        return parse(r.body());
    }

    JsonNode state() {
        HttpResponse<String> r = send(HttpRequest.newBuilder(endpoint().resolve("/_fleetops/state")).GET().build());
        if (r.statusCode() != 200) throw new AssertionError("state answered " + r.statusCode() + ": " + r.body());
        return parse(r.body());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Json.parse(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (cloud != null) cloud.close();
        server.close();
    }
}

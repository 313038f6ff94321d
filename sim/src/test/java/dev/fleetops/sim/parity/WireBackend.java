package dev.fleetops.sim.parity;

import dev.fleetops.cloud.AwsCloud;
import dev.fleetops.cloud.AwsSettings;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.wire.SimServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fresh, empty simulated region served over HTTP ({@code sim serve} with its clock stopped), called by real SDK v2
 * clients: the parity tests' third run, which checks the wire as the moto run checks the model. Virtual time moves
 * only through {@code POST /_fleetops/advance}.
 */
public final class WireBackend implements Backend {

    /** A call the simulator answers at the current instant is back within milliseconds; this is a safety margin. */
    private static final long QUEUED_SECONDS = 5;

    private final SimServer server;
    private final Cloud cloud;
    private final HttpClient http = HttpClient.newHttpClient();

    WireBackend() {
        try {
            server = SimServer.start(SimRegion.empty(), new SimServer.Options("127.0.0.1", 0, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        cloud = AwsCloud.create(new AwsSettings(Optional.of("us-east-1"), Optional.empty(), Optional.of(server.endpoint()), false));
    }

    @Override
    public Kind kind() {
        return Kind.WIRE;
    }

    @Override
    public Cloud cloud() {
        return cloud;
    }

    /**
     * The call's answer. One the simulator gives only later in virtual time (a long poll) is driven as the in-process
     * backend drives it: once the call has surely reached the server, virtual time advances a second at a time (each
     * advance is queued behind the call) until it answers, at most {@link SimBackend#MAX_CALL}.
     */
    @Override
    public <T> T await(CompletableFuture<T> call) {
        try {
            try {
                return call.get(QUEUED_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                for (long s = 0; s < SimBackend.MAX_CALL.toSeconds() && !call.isDone(); s++) advance(1);
                return call.get(QUEUED_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw Backend.unwrap(e);
        }
    }

    @Override
    public void settle() {
        advance(SimBackend.SETTLE.toSeconds());
    }

    private void advance(long seconds) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/_fleetops/advance?seconds=" + seconds))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new AssertionError("advance answered " + r.statusCode() + ": " + r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        cloud.close();
        server.close();
    }

    @Override
    public String toString() {
        return "wire";
    }
}

package dev.fleetops.sim.parity;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.testing.MotoServer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The shared moto server, reset before each test; real SDK clients over HTTP, real time. */
public final class MotoBackend implements Backend {

    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final MotoServer server;

    MotoBackend() {
        this.server = MotoServer.shared();
        server.reset();
    }

    @Override
    public Kind kind() {
        return Kind.MOTO;
    }

    @Override
    public Cloud cloud() {
        return server.cloud();
    }

    @Override
    public <T> T await(CompletableFuture<T> call) {
        try {
            return call.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("moto did not answer within " + CALL_TIMEOUT_SECONDS + " s; see "
                    + server.log(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw Backend.unwrap(e);
        }
    }

    @Override
    public void settle() {
        // moto completes every state change within the call that makes it: running or stopped on the next describe.
    }

    @Override
    public void close() {
        // the next test resets the shared server
    }

    @Override
    public String toString() {
        return "moto";
    }
}

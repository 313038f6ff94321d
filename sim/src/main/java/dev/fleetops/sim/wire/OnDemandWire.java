package dev.fleetops.sim.wire;

import dev.fleetops.cloud.WireAccess;
import dev.fleetops.sim.SimRegion;

import java.io.IOException;

/** {@link SimServer#onDemand}: one attached server per region, started on first use. */
final class OnDemandWire implements WireAccess {

    /** The simulated region accepts any credentials: these make the signing visible as not AWS's. */
    static final String ACCESS_KEY_ID = "fleetops-sim";
    static final String SECRET_ACCESS_KEY = "fleetops-sim-secret";

    private final SimRegion region;
    private SimServer server;
    private boolean closed;

    OnDemandWire(SimRegion region) {
        this.region = region;
    }

    @Override
    public synchronized Endpoint open() throws IOException {
        if (closed) throw new IOException("the simulated region's wire endpoint is closed (the session ended)");
        if (server == null) server = SimServer.attached(region);
        return new Endpoint(server.endpoint(), region.cloud().region(), ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    @Override
    public AutoCloseable hold() {
        return region.scheduler().holdForOutsideWork();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) server.close();
        server = null;
    }
}

package dev.fleetops.sim.route53;

import dev.fleetops.sim.SimContext;
import software.amazon.awssdk.services.route53.Route53AsyncClient;

/** Simulated Route 53: hosted zones and record sets. (Skeleton.) */
public final class Route53Sim {

    private final SimContext ctx;
    private final Route53AsyncClient client;

    public Route53Sim(SimContext ctx) {
        this.ctx = ctx;
        this.client = new SimRoute53Client(this);
    }

    public Route53AsyncClient client() {
        return client;
    }
}

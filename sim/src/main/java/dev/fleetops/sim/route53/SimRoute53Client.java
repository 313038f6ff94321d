package dev.fleetops.sim.route53;

import software.amazon.awssdk.services.route53.Route53AsyncClient;

final class SimRoute53Client implements Route53AsyncClient {

    private final Route53Sim route53;

    SimRoute53Client(Route53Sim route53) {
        this.route53 = route53;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}

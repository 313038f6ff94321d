package dev.fleetops.sim.elbv2;

import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

final class SimElbv2Client implements ElasticLoadBalancingV2AsyncClient {

    private final Elbv2Sim elb;

    SimElbv2Client(Elbv2Sim elb) {
        this.elb = elb;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}

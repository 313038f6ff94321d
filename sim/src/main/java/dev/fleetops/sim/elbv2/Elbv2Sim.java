package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.Instances;
import dev.fleetops.sim.SimContext;
import dev.fleetops.sim.TargetRegistry;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

import java.util.Optional;

/** Simulated ELBv2: target groups, health checks, draining, and ALB traffic. (Skeleton.) */
public final class Elbv2Sim implements TargetRegistry {

    private final SimContext ctx;
    private final Instances instances;
    private final ElasticLoadBalancingV2AsyncClient client;

    public Elbv2Sim(SimContext ctx, Instances instances) {
        this.ctx = ctx;
        this.instances = instances;
        this.client = new SimElbv2Client(this);
    }

    public ElasticLoadBalancingV2AsyncClient client() {
        return client;
    }

    @Override
    public Optional<String> resolve(String nameOrArn) {
        return Optional.empty();
    }

    @Override
    public void register(String targetGroupArn, String instanceId) { }

    @Override
    public void deregister(String targetGroupArn, String instanceId) { }

    @Override
    public Optional<String> state(String targetGroupArn, String instanceId) {
        return Optional.empty();
    }
}

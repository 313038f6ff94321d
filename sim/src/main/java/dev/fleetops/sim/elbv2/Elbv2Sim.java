package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.region.TargetRegistry;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

import java.util.Optional;

/**
 * Simulated ELBv2: target groups with health checks and draining, application load balancers with listeners,
 * and the ALB's request routing ({@link #alb}). EC2 is seen only through {@link Instances}: its state changes
 * take targets out of service (stopped) or deregister them (terminated), and health checks ask whether the
 * instance's app answers.
 */
public final class Elbv2Sim implements TargetRegistry {

    private final TargetIndex index = new TargetIndex();
    private final TargetGroups groups;
    private final LoadBalancers loadBalancers;
    private final ElasticLoadBalancingV2AsyncClient client;

    public Elbv2Sim(SimContext ctx, Instances instances) {
        this.groups = new TargetGroups(ctx, instances, index);
        this.loadBalancers = new LoadBalancers(ctx, groups);
        this.client = new SimElbv2Client(ctx, groups, loadBalancers);
        instances.addListener(new Instances.Listener() {
            @Override
            public void stateChanged(String instanceId, String from, String to) {
                for (Target t : index.of(instanceId)) t.group.instanceChanged(t, to);
            }

            @Override
            public void appChanged(String instanceId, boolean responding) {
                for (Target t : index.of(instanceId)) t.appUp = responding;
            }
        });
    }

    public ElasticLoadBalancingV2AsyncClient client() {
        return client;
    }

    /** The load balancer named by name or ARN, to send requests to (traffic, reports). */
    public Optional<Alb> alb(String nameOrArn) {
        return loadBalancers.find(nameOrArn).map(Alb::new);
    }

    @Override
    public Optional<String> resolve(String nameOrArn) {
        if (nameOrArn == null) return Optional.empty();
        return groups.byArn(nameOrArn).or(() -> groups.byName(nameOrArn)).map(g -> g.arn);
    }

    /** Registers at the group's port, as Auto Scaling does; the instance need not be running yet. */
    @Override
    public void register(String targetGroupArn, String instanceId) {
        SimTargetGroup g = group(targetGroupArn);
        g.register(instanceId, g.port);
    }

    @Override
    public void deregister(String targetGroupArn, String instanceId) {
        SimTargetGroup g = group(targetGroupArn);
        g.deregister(instanceId, g.port);
    }

    @Override
    public Optional<String> state(String targetGroupArn, String instanceId) {
        Target t = group(targetGroupArn).target(instanceId, group(targetGroupArn).port);
        return t == null ? Optional.empty() : Optional.of(t.status.awsState);
    }

    @Override
    public boolean mayHaveUnhealthy(String targetGroupArn) {
        return group(targetGroupArn).unhealthy() > 0;
    }

    private SimTargetGroup group(String arn) {
        return groups.byArn(arn).orElseThrow(() -> new IllegalArgumentException("no target group " + arn));
    }
}

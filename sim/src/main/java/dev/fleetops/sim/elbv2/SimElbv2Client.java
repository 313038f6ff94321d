package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.SimContext;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.waiters.ElasticLoadBalancingV2AsyncWaiter;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsResponse;

import java.util.concurrent.CompletableFuture;

/** The SDK's ELBv2 async client over the simulated region; every call passes the API gate. */
final class SimElbv2Client implements ElasticLoadBalancingV2AsyncClient {

    private static final String SERVICE = "elbv2";

    private final SimContext ctx;
    private final Elbv2Sim elb;

    SimElbv2Client(SimContext ctx, Elbv2Sim elb) {
        this.ctx = ctx;
        this.elb = elb;
    }

    @Override
    public CompletableFuture<CreateTargetGroupResponse> createTargetGroup(CreateTargetGroupRequest r) {
        return ctx.gate().call(SERVICE, "CreateTargetGroup", () -> elb.groups().create(r));
    }

    @Override
    public CompletableFuture<DescribeTargetGroupsResponse> describeTargetGroups(DescribeTargetGroupsRequest r) {
        return ctx.gate().call(SERVICE, "DescribeTargetGroups", () -> elb.groups().describe(r, elb.loadBalancers()));
    }

    @Override
    public CompletableFuture<DescribeTargetGroupAttributesResponse> describeTargetGroupAttributes(
            DescribeTargetGroupAttributesRequest r) {
        return ctx.gate().call(SERVICE, "DescribeTargetGroupAttributes", () -> elb.groups().attributes(r));
    }

    @Override
    public CompletableFuture<ModifyTargetGroupAttributesResponse> modifyTargetGroupAttributes(
            ModifyTargetGroupAttributesRequest r) {
        return ctx.gate().call(SERVICE, "ModifyTargetGroupAttributes", () -> elb.groups().modifyAttributes(r));
    }

    @Override
    public CompletableFuture<RegisterTargetsResponse> registerTargets(RegisterTargetsRequest r) {
        return ctx.gate().call(SERVICE, "RegisterTargets", () -> elb.groups().register(r));
    }

    @Override
    public CompletableFuture<DeregisterTargetsResponse> deregisterTargets(DeregisterTargetsRequest r) {
        return ctx.gate().call(SERVICE, "DeregisterTargets", () -> elb.groups().deregister(r));
    }

    @Override
    public CompletableFuture<DescribeTargetHealthResponse> describeTargetHealth(DescribeTargetHealthRequest r) {
        return ctx.gate().call(SERVICE, "DescribeTargetHealth", () -> elb.groups().health(r));
    }

    @Override
    public CompletableFuture<CreateLoadBalancerResponse> createLoadBalancer(CreateLoadBalancerRequest r) {
        return ctx.gate().call(SERVICE, "CreateLoadBalancer", () -> elb.loadBalancers().create(r));
    }

    @Override
    public CompletableFuture<DescribeLoadBalancersResponse> describeLoadBalancers(DescribeLoadBalancersRequest r) {
        return ctx.gate().call(SERVICE, "DescribeLoadBalancers", () -> elb.loadBalancers().describe(r));
    }

    @Override
    public CompletableFuture<CreateListenerResponse> createListener(CreateListenerRequest r) {
        return ctx.gate().call(SERVICE, "CreateListener", () -> elb.loadBalancers().createListener(r));
    }

    @Override
    public CompletableFuture<DescribeListenersResponse> describeListeners(DescribeListenersRequest r) {
        return ctx.gate().call(SERVICE, "DescribeListeners", () -> elb.loadBalancers().describeListeners(r));
    }

    /** The SDK's own waiters (TargetInService, TargetDeregistered...), polling on virtual time. */
    @Override
    public ElasticLoadBalancingV2AsyncWaiter waiter() {
        return ElasticLoadBalancingV2AsyncWaiter.builder()
                .client(this)
                .scheduledExecutorService(ctx.scheduler().asScheduledExecutorService())
                .build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}

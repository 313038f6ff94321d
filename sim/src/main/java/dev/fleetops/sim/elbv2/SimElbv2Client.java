package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.SimContext;
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

/**
 * The SDK's ELBv2 async client over the simulated region: the protocol side, kept apart from the model. Each
 * method names its operation for the API gate and calls the model class that answers it.
 */
final class SimElbv2Client implements ElasticLoadBalancingV2AsyncClient {

    private static final String SERVICE = "elbv2";

    private final SimContext ctx;
    private final TargetGroups groups;
    private final LoadBalancers loadBalancers;

    SimElbv2Client(SimContext ctx, TargetGroups groups, LoadBalancers loadBalancers) {
        this.ctx = ctx;
        this.groups = groups;
        this.loadBalancers = loadBalancers;
    }

    @Override
    public CompletableFuture<CreateTargetGroupResponse> createTargetGroup(CreateTargetGroupRequest r) {
        return ctx.gate().call(SERVICE, "CreateTargetGroup", () -> groups.create(r));
    }

    @Override
    public CompletableFuture<DescribeTargetGroupsResponse> describeTargetGroups(DescribeTargetGroupsRequest r) {
        return ctx.gate().call(SERVICE, "DescribeTargetGroups", () -> groups.describe(r, loadBalancers));
    }

    @Override
    public CompletableFuture<DescribeTargetGroupAttributesResponse> describeTargetGroupAttributes(
            DescribeTargetGroupAttributesRequest r) {
        return ctx.gate().call(SERVICE, "DescribeTargetGroupAttributes", () -> groups.attributes(r));
    }

    @Override
    public CompletableFuture<ModifyTargetGroupAttributesResponse> modifyTargetGroupAttributes(
            ModifyTargetGroupAttributesRequest r) {
        return ctx.gate().call(SERVICE, "ModifyTargetGroupAttributes", () -> groups.modifyAttributes(r));
    }

    @Override
    public CompletableFuture<RegisterTargetsResponse> registerTargets(RegisterTargetsRequest r) {
        return ctx.gate().call(SERVICE, "RegisterTargets", () -> groups.register(r));
    }

    @Override
    public CompletableFuture<DeregisterTargetsResponse> deregisterTargets(DeregisterTargetsRequest r) {
        return ctx.gate().call(SERVICE, "DeregisterTargets", () -> groups.deregister(r));
    }

    @Override
    public CompletableFuture<DescribeTargetHealthResponse> describeTargetHealth(DescribeTargetHealthRequest r) {
        return ctx.gate().call(SERVICE, "DescribeTargetHealth", () -> groups.health(r));
    }

    @Override
    public CompletableFuture<CreateLoadBalancerResponse> createLoadBalancer(CreateLoadBalancerRequest r) {
        return ctx.gate().call(SERVICE, "CreateLoadBalancer", () -> loadBalancers.create(r));
    }

    @Override
    public CompletableFuture<DescribeLoadBalancersResponse> describeLoadBalancers(DescribeLoadBalancersRequest r) {
        return ctx.gate().call(SERVICE, "DescribeLoadBalancers", () -> loadBalancers.describe(r));
    }

    @Override
    public CompletableFuture<CreateListenerResponse> createListener(CreateListenerRequest r) {
        return ctx.gate().call(SERVICE, "CreateListener", () -> loadBalancers.createListener(r));
    }

    @Override
    public CompletableFuture<DescribeListenersResponse> describeListeners(DescribeListenersRequest r) {
        return ctx.gate().call(SERVICE, "DescribeListeners", () -> loadBalancers.describeListeners(r));
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

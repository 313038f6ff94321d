package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.*;

import java.util.concurrent.CompletableFuture;

/**
 * The simulated Auto Scaling behind the SDK's async client interface. Every call passes the region's API gate
 * (counted, faults and latency injected) and runs on the virtual-time thread. Operations not modeled keep the
 * interface's default (UnsupportedOperationException).
 */
final class SimAutoScalingClient implements AutoScalingAsyncClient {

    private static final String SERVICE = "autoscaling";

    private final AutoScalingSim asg;
    private final SimContext ctx;

    SimAutoScalingClient(AutoScalingSim asg, SimContext ctx) {
        this.asg = asg;
        this.ctx = ctx;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }

    @Override
    public CompletableFuture<CreateAutoScalingGroupResponse> createAutoScalingGroup(CreateAutoScalingGroupRequest request) {
        return ctx.gate().call(SERVICE, "CreateAutoScalingGroup", () -> asg.createAutoScalingGroup(request));
    }

    @Override
    public CompletableFuture<UpdateAutoScalingGroupResponse> updateAutoScalingGroup(UpdateAutoScalingGroupRequest request) {
        return ctx.gate().call(SERVICE, "UpdateAutoScalingGroup", () -> asg.updateAutoScalingGroup(request));
    }

    @Override
    public CompletableFuture<DeleteAutoScalingGroupResponse> deleteAutoScalingGroup(DeleteAutoScalingGroupRequest request) {
        return ctx.gate().call(SERVICE, "DeleteAutoScalingGroup", () -> asg.deleteAutoScalingGroup(request));
    }

    @Override
    public CompletableFuture<DescribeAutoScalingGroupsResponse> describeAutoScalingGroups(DescribeAutoScalingGroupsRequest request) {
        return ctx.gate().call(SERVICE, "DescribeAutoScalingGroups", () -> asg.describeAutoScalingGroups(request));
    }

    @Override
    public CompletableFuture<DescribeAutoScalingInstancesResponse> describeAutoScalingInstances(DescribeAutoScalingInstancesRequest request) {
        return ctx.gate().call(SERVICE, "DescribeAutoScalingInstances", () -> asg.describeAutoScalingInstances(request));
    }

    @Override
    public CompletableFuture<SetDesiredCapacityResponse> setDesiredCapacity(SetDesiredCapacityRequest request) {
        return ctx.gate().call(SERVICE, "SetDesiredCapacity", () -> asg.setDesiredCapacity(request));
    }

    @Override
    public CompletableFuture<DetachInstancesResponse> detachInstances(DetachInstancesRequest request) {
        return ctx.gate().call(SERVICE, "DetachInstances", () -> asg.detachInstances(request));
    }

    @Override
    public CompletableFuture<AttachInstancesResponse> attachInstances(AttachInstancesRequest request) {
        return ctx.gate().call(SERVICE, "AttachInstances", () -> asg.attachInstances(request));
    }

    @Override
    public CompletableFuture<EnterStandbyResponse> enterStandby(EnterStandbyRequest request) {
        return ctx.gate().call(SERVICE, "EnterStandby", () -> asg.enterStandby(request));
    }

    @Override
    public CompletableFuture<ExitStandbyResponse> exitStandby(ExitStandbyRequest request) {
        return ctx.gate().call(SERVICE, "ExitStandby", () -> asg.exitStandby(request));
    }

    @Override
    public CompletableFuture<TerminateInstanceInAutoScalingGroupResponse> terminateInstanceInAutoScalingGroup(TerminateInstanceInAutoScalingGroupRequest request) {
        return ctx.gate().call(SERVICE, "TerminateInstanceInAutoScalingGroup", () -> asg.terminateInstanceInAutoScalingGroup(request));
    }

    @Override
    public CompletableFuture<SetInstanceHealthResponse> setInstanceHealth(SetInstanceHealthRequest request) {
        return ctx.gate().call(SERVICE, "SetInstanceHealth", () -> asg.setInstanceHealth(request));
    }

    @Override
    public CompletableFuture<PutLifecycleHookResponse> putLifecycleHook(PutLifecycleHookRequest request) {
        return ctx.gate().call(SERVICE, "PutLifecycleHook", () -> asg.putLifecycleHook(request));
    }

    @Override
    public CompletableFuture<DescribeLifecycleHooksResponse> describeLifecycleHooks(DescribeLifecycleHooksRequest request) {
        return ctx.gate().call(SERVICE, "DescribeLifecycleHooks", () -> asg.describeLifecycleHooks(request));
    }

    @Override
    public CompletableFuture<DeleteLifecycleHookResponse> deleteLifecycleHook(DeleteLifecycleHookRequest request) {
        return ctx.gate().call(SERVICE, "DeleteLifecycleHook", () -> asg.deleteLifecycleHook(request));
    }

    @Override
    public CompletableFuture<CompleteLifecycleActionResponse> completeLifecycleAction(CompleteLifecycleActionRequest request) {
        return ctx.gate().call(SERVICE, "CompleteLifecycleAction", () -> asg.completeLifecycleAction(request));
    }

    @Override
    public CompletableFuture<RecordLifecycleActionHeartbeatResponse> recordLifecycleActionHeartbeat(RecordLifecycleActionHeartbeatRequest request) {
        return ctx.gate().call(SERVICE, "RecordLifecycleActionHeartbeat", () -> asg.recordLifecycleActionHeartbeat(request));
    }
}

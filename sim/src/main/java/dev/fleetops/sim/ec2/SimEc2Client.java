package dev.fleetops.sim.ec2;

import dev.fleetops.sim.api.ApiGate;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.time.VirtualScheduler;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.ModifyInstanceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifyInstanceAttributeResponse;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DeleteTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteTagsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVpcsResponse;
import software.amazon.awssdk.services.ec2.model.RebootInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RebootInstancesResponse;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.StartInstancesRequest;
import software.amazon.awssdk.services.ec2.model.StartInstancesResponse;
import software.amazon.awssdk.services.ec2.model.StopInstancesRequest;
import software.amazon.awssdk.services.ec2.model.StopInstancesResponse;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;
import software.amazon.awssdk.services.ec2.waiters.Ec2AsyncWaiter;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Ec2AsyncClient} over the simulated EC2: the protocol side, kept apart from the model. Each method names
 * its operation for the {@link ApiGate} (counting, faults, throttling with the instance count as resource tokens)
 * and calls the model class that answers it; operations not modelled throw UnsupportedOperationException (the SDK
 * interface's default).
 */
final class SimEc2Client implements Ec2AsyncClient {

    private static final String EC2 = "ec2";

    private final ApiGate gate;
    private final VirtualScheduler scheduler;
    private final Launcher launcher;
    private final InstanceOps instances;
    private final InstanceTypeOps types;
    private final TagOps tags;
    private final LaunchTemplates templates;
    private final NetworkOps network;

    SimEc2Client(SimContext ctx, Launcher launcher, InstanceOps instances, TagOps tags, LaunchTemplates templates,
                 NetworkOps network) {
        this.gate = ctx.gate();
        this.scheduler = ctx.scheduler();
        this.launcher = launcher;
        this.instances = instances;
        this.types = new InstanceTypeOps(instances, ctx.region());
        this.tags = tags;
        this.templates = templates;
        this.network = network;
    }

    @Override
    public CompletableFuture<RunInstancesResponse> runInstances(RunInstancesRequest r) {
        int count = r.maxCount() == null ? 0 : Math.max(0, r.maxCount());
        return gate.call(EC2, "RunInstances", count, () -> launcher.runInstances(r));
    }

    @Override
    public CompletableFuture<DescribeInstancesResponse> describeInstances(DescribeInstancesRequest r) {
        return gate.call(EC2, "DescribeInstances", 0, narrowed(r.hasFilters(), r.filters(), r.maxResults()),
                () -> instances.describeInstances(r));
    }

    @Override
    public CompletableFuture<DescribeInstanceStatusResponse> describeInstanceStatus(DescribeInstanceStatusRequest r) {
        return gate.call(EC2, "DescribeInstanceStatus", 0, narrowed(r.hasFilters(), r.filters(), r.maxResults()),
                () -> instances.describeInstanceStatus(r));
    }

    @Override
    public CompletableFuture<StartInstancesResponse> startInstances(StartInstancesRequest r) {
        return gate.call(EC2, "StartInstances", count(r.instanceIds()), () -> instances.start(r));
    }

    @Override
    public CompletableFuture<StopInstancesResponse> stopInstances(StopInstancesRequest r) {
        return gate.call(EC2, "StopInstances", count(r.instanceIds()), () -> instances.stop(r));
    }

    @Override
    public CompletableFuture<DescribeInstanceTypeOfferingsResponse> describeInstanceTypeOfferings(
            DescribeInstanceTypeOfferingsRequest r) {
        return gate.call(EC2, "DescribeInstanceTypeOfferings", () -> types.describeOfferings(r));
    }

    @Override
    public CompletableFuture<ModifyInstanceAttributeResponse> modifyInstanceAttribute(ModifyInstanceAttributeRequest r) {
        return gate.call(EC2, "ModifyInstanceAttribute", () -> types.modifyAttribute(r));
    }

    @Override
    public CompletableFuture<RebootInstancesResponse> rebootInstances(RebootInstancesRequest r) {
        return gate.call(EC2, "RebootInstances", () -> instances.reboot(r));
    }

    @Override
    public CompletableFuture<TerminateInstancesResponse> terminateInstances(TerminateInstancesRequest r) {
        return gate.call(EC2, "TerminateInstances", count(r.instanceIds()), () -> instances.terminate(r));
    }

    @Override
    public CompletableFuture<CreateTagsResponse> createTags(CreateTagsRequest r) {
        return gate.call(EC2, "CreateTags", () -> tags.create(r));
    }

    @Override
    public CompletableFuture<DeleteTagsResponse> deleteTags(DeleteTagsRequest r) {
        return gate.call(EC2, "DeleteTags", () -> tags.delete(r));
    }

    @Override
    public CompletableFuture<DescribeTagsResponse> describeTags(DescribeTagsRequest r) {
        return gate.call(EC2, "DescribeTags", () -> tags.describe(r));
    }

    @Override
    public CompletableFuture<CreateLaunchTemplateResponse> createLaunchTemplate(CreateLaunchTemplateRequest r) {
        return gate.call(EC2, "CreateLaunchTemplate", () -> templates.create(r));
    }

    @Override
    public CompletableFuture<DescribeLaunchTemplatesResponse> describeLaunchTemplates(DescribeLaunchTemplatesRequest r) {
        return gate.call(EC2, "DescribeLaunchTemplates", () -> templates.describe(r));
    }

    @Override
    public CompletableFuture<DescribeSubnetsResponse> describeSubnets(DescribeSubnetsRequest r) {
        return gate.call(EC2, "DescribeSubnets", () -> network.describeSubnets(r));
    }

    @Override
    public CompletableFuture<DescribeVpcsResponse> describeVpcs(DescribeVpcsRequest r) {
        return gate.call(EC2, "DescribeVpcs", () -> network.describeVpcs(r));
    }

    @Override
    public Ec2AsyncWaiter waiter() {
        return Ec2AsyncWaiter.builder().client(this)
                .scheduledExecutorService(scheduler.asScheduledExecutorService()).build();
    }

    /** Filters or pagination move a describe call to the larger non-mutating bucket (see Ec2Throttling). */
    private static boolean narrowed(boolean hasFilters, List<?> filters, Integer maxResults) {
        return (hasFilters && !filters.isEmpty()) || maxResults != null;
    }

    private static int count(List<String> ids) {
        return ids == null ? 0 : ids.size();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}

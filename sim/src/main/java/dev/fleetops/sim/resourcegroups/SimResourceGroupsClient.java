package dev.fleetops.sim.resourcegroups;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.resourcegroups.ResourceGroupsAsyncClient;
import software.amazon.awssdk.services.resourcegroups.model.CreateGroupRequest;
import software.amazon.awssdk.services.resourcegroups.model.CreateGroupResponse;
import software.amazon.awssdk.services.resourcegroups.model.DeleteGroupRequest;
import software.amazon.awssdk.services.resourcegroups.model.DeleteGroupResponse;
import software.amazon.awssdk.services.resourcegroups.model.GetGroupQueryRequest;
import software.amazon.awssdk.services.resourcegroups.model.GetGroupQueryResponse;
import software.amazon.awssdk.services.resourcegroups.model.GetGroupRequest;
import software.amazon.awssdk.services.resourcegroups.model.GetGroupResponse;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupResourcesRequest;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupResourcesResponse;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupsRequest;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupsResponse;

import java.util.concurrent.CompletableFuture;

/** {@link ResourceGroupsAsyncClient} over the simulated Resource Groups. Unmodelled operations throw UnsupportedOperationException. */
final class SimResourceGroupsClient implements ResourceGroupsAsyncClient {

    private static final String SERVICE = "resource-groups";

    private final SimContext ctx;
    private final ResourceGroupsSim sim;
    private final GroupListing listing;

    SimResourceGroupsClient(SimContext ctx, ResourceGroupsSim sim, GroupListing listing) {
        this.ctx = ctx;
        this.sim = sim;
        this.listing = listing;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }

    @Override
    public CompletableFuture<CreateGroupResponse> createGroup(CreateGroupRequest r) {
        return ctx.gate().call(SERVICE, "CreateGroup", () -> sim.createGroup(r));
    }

    @Override
    public CompletableFuture<GetGroupResponse> getGroup(GetGroupRequest r) {
        return ctx.gate().call(SERVICE, "GetGroup", () -> sim.getGroup(r));
    }

    @Override
    public CompletableFuture<GetGroupQueryResponse> getGroupQuery(GetGroupQueryRequest r) {
        return ctx.gate().call(SERVICE, "GetGroupQuery", () -> sim.getGroupQuery(r));
    }

    @Override
    public CompletableFuture<DeleteGroupResponse> deleteGroup(DeleteGroupRequest r) {
        return ctx.gate().call(SERVICE, "DeleteGroup", () -> sim.deleteGroup(r));
    }

    @Override
    public CompletableFuture<ListGroupsResponse> listGroups(ListGroupsRequest r) {
        return ctx.gate().call(SERVICE, "ListGroups", () -> listing.listGroups(r));
    }

    @Override
    public CompletableFuture<ListGroupResourcesResponse> listGroupResources(ListGroupResourcesRequest r) {
        return ctx.gate().call(SERVICE, "ListGroupResources", () -> listing.listGroupResources(r));
    }
}

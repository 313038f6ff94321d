package dev.fleetops.sim.resourcegroups;

import dev.fleetops.sim.region.Instances;
import software.amazon.awssdk.services.resourcegroups.model.GroupIdentifier;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupResourcesItem;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupResourcesRequest;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupResourcesResponse;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupsRequest;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupsResponse;
import software.amazon.awssdk.services.resourcegroups.model.ResourceIdentifier;

import java.util.List;

/**
 * ListGroups and ListGroupResources, paged by an index token as AWS pages them (MaxResults 1-50 for groups,
 * 1-50 for resources; "AWS Resource Groups API Reference": ListGroups, ListGroupResources).
 */
final class GroupListing {

    private final ResourceGroupsSim sim;

    GroupListing(ResourceGroupsSim sim) {
        this.sim = sim;
    }

    ListGroupsResponse listGroups(ListGroupsRequest r) {
        List<ResourceGroupsSim.SimGroup> all = List.copyOf(sim.groups.values());
        int from = start(r.nextToken(), all.size());
        int to = Math.min(all.size(), from + limit(r.maxResults()));
        List<ResourceGroupsSim.SimGroup> page = all.subList(from, to);
        return ListGroupsResponse.builder()
                .groupIdentifiers(page.stream().map(g -> GroupIdentifier.builder().groupName(g.name()).groupArn(g.arn()).build()).toList())
                .groups(page.stream().map(ResourceGroupsSim.SimGroup::describe).toList())
                .nextToken(to < all.size() ? Integer.toString(to) : null).build();
    }

    ListGroupResourcesResponse listGroupResources(ListGroupResourcesRequest r) {
        ResourceGroupsSim.SimGroup g = sim.group(r.group() != null ? r.group() : r.groupName());
        List<Instances.View> members = sim.members(g);
        int from = start(r.nextToken(), members.size());
        int to = Math.min(members.size(), from + limit(r.maxResults()));
        List<ResourceIdentifier> ids = members.subList(from, to).stream().map(v -> ResourceIdentifier.builder()
                .resourceArn(sim.instanceArn(v.instanceId())).resourceType("AWS::EC2::Instance").build()).toList();
        return ListGroupResourcesResponse.builder()
                .resources(ids.stream().map(id -> ListGroupResourcesItem.builder().identifier(id).build()).toList())
                .resourceIdentifiers(ids)
                .nextToken(to < members.size() ? Integer.toString(to) : null).build();
    }

    private static int limit(Integer maxResults) {
        if (maxResults == null) return 50;
        if (maxResults < 1 || maxResults > 50) throw ResourceGroupsErrors.badRequest("MaxResults must be from 1 to 50, got " + maxResults);
        return maxResults;
    }

    private static int start(String token, int size) {
        if (token == null || token.isEmpty()) return 0;
        try {
            int i = Integer.parseInt(token);
            if (i >= 0 && i <= size) return i;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ResourceGroupsErrors.badRequest("Invalid NextToken: " + token);
    }
}

package dev.fleetops.sim.resourcegroups;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.sim.region.Instances;
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
import software.amazon.awssdk.services.resourcegroups.model.Group;
import software.amazon.awssdk.services.resourcegroups.model.GroupQuery;
import software.amazon.awssdk.services.resourcegroups.model.ResourceQuery;
import software.amazon.awssdk.services.resourcegroups.model.QueryType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Simulated AWS Resource Groups: tag-based groups of the region's EC2 instances ("AWS Resource Groups User
 * Guide": "Build queries and groups"; API Reference: CreateGroup, GetGroup, GetGroupQuery, ListGroups,
 * ListGroupResources, DeleteGroup). A {@code TAG_FILTERS_1_0} query holds {@code ResourceTypeFilters} and up to 50
 * {@code TagFilters}; a resource is in the group when it carries every filter's key with one of its values (any
 * value when none is given). A {@code CLOUDFORMATION_STACK_1_0} query is refused at creation: the simulated region
 * has no CloudFormation stacks for it to name. Listing is in {@link GroupListing}.
 */
public final class ResourceGroupsSim {

    /** A group as created: its name, ARN, description and query (type and JSON text). */
    record SimGroup(String name, String arn, String description, String queryType, String query,
                    Set<String> resourceTypes, Map<String, List<String>> tagFilters) {
        Group describe() {
            return Group.builder().name(name).groupArn(arn).description(description).build();
        }

        ResourceQuery resourceQuery() {
            return ResourceQuery.builder().type(queryType).query(query).build();
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,300}");
    private static final Set<String> EC2_TYPES = Set.of("AWS::EC2::Instance", "AWS::AllSupported");

    private final SimContext ctx;
    private final Instances instances;
    /** Instance ids in launch order, as they first appear: what a tag query can match. */
    final Set<String> knownInstances = new LinkedHashSet<>();
    final Map<String, SimGroup> groups = new LinkedHashMap<>();
    private final ResourceGroupsAsyncClient client;

    public ResourceGroupsSim(SimContext ctx, Instances instances) {
        this.ctx = ctx;
        this.instances = instances;
        instances.addListener(new Instances.Listener() {
            @Override
            public void stateChanged(String instanceId, String from, String to) {
                knownInstances.add(instanceId);
            }
        });
        this.client = new SimResourceGroupsClient(ctx, this, new GroupListing(this));
    }

    public ResourceGroupsAsyncClient client() {
        return client;
    }

    CreateGroupResponse createGroup(CreateGroupRequest r) {
        String name = r.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw ResourceGroupsErrors.badRequest("Group name must match [a-zA-Z0-9_.-]{1,300}, got " + name);
        }
        if (groups.containsKey(name) || name.startsWith("AWS") || name.startsWith("aws")) {
            throw ResourceGroupsErrors.badRequest("Cannot create group: " + name + " already exists or is reserved");
        }
        ResourceQuery q = r.resourceQuery();
        if (q == null) throw ResourceGroupsErrors.badRequest("A ResourceQuery is required (the simulated region models no group configurations)");
        if (q.type() == QueryType.CLOUDFORMATION_STACK_1_0) {
            throw ResourceGroupsErrors.badRequest("Query type CLOUDFORMATION_STACK_1_0 names a stack, and the simulated"
                    + " region has no CloudFormation stacks; use a TAG_FILTERS_1_0 query");
        }
        if (q.type() != QueryType.TAG_FILTERS_1_0) {
            throw ResourceGroupsErrors.badRequest("Unknown query type " + q.typeAsString() + "; expected TAG_FILTERS_1_0 or CLOUDFORMATION_STACK_1_0");
        }
        SimGroup group = parse(name, r.description(), q);
        groups.put(name, group);
        ctx.log("resource-groups.group", name, "created " + group.tagFilters());
        return CreateGroupResponse.builder().group(group.describe()).resourceQuery(group.resourceQuery())
                .tags(r.tags()).build();
    }

    GetGroupResponse getGroup(GetGroupRequest r) {
        return GetGroupResponse.builder().group(group(r.group() != null ? r.group() : r.groupName()).describe()).build();
    }

    GetGroupQueryResponse getGroupQuery(GetGroupQueryRequest r) {
        SimGroup g = group(r.group() != null ? r.group() : r.groupName());
        return GetGroupQueryResponse.builder().groupQuery(GroupQuery.builder().groupName(g.name())
                .resourceQuery(g.resourceQuery()).build()).build();
    }

    DeleteGroupResponse deleteGroup(DeleteGroupRequest r) {
        SimGroup g = group(r.group() != null ? r.group() : r.groupName());
        groups.remove(g.name());
        ctx.log("resource-groups.group", g.name(), "deleted");
        return DeleteGroupResponse.builder().group(g.describe()).build();
    }

    /** The group a name or ARN names ("Group: the name or the ARN of the resource group"). */
    SimGroup group(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isEmpty()) throw ResourceGroupsErrors.badRequest("Group is required");
        String name = nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
        SimGroup g = groups.get(name);
        if (g == null) throw ResourceGroupsErrors.notFound("Cannot find group " + name + ".");
        return g;
    }

    /** The instances a group holds now: not terminated, carrying every tag filter. */
    List<Instances.View> members(SimGroup g) {
        List<Instances.View> out = new ArrayList<>();
        if (g.resourceTypes().stream().noneMatch(EC2_TYPES::contains)) return out;
        for (String id : knownInstances) {
            Optional<Instances.View> v = instances.find(id);
            if (v.isEmpty() || v.get().state().equals("terminated")) continue;
            if (matches(v.get().tags(), g.tagFilters())) out.add(v.get());
        }
        return out;
    }

    String instanceArn(String instanceId) {
        return "arn:aws:ec2:" + ctx.region() + ":" + ctx.accountId() + ":instance/" + instanceId;
    }

    static boolean matches(Map<String, String> tags, Map<String, List<String>> filters) {
        for (var f : filters.entrySet()) {
            String value = tags.get(f.getKey());
            if (value == null) return false;
            if (!f.getValue().isEmpty() && !f.getValue().contains(value)) return false;
        }
        return true;
    }

    private SimGroup parse(String name, String description, ResourceQuery q) {
        JsonNode query;
        try {
            query = Json.parse(q.query() == null ? "" : q.query());
        } catch (JsonProcessingException e) {
            throw ResourceGroupsErrors.badRequest("Query is not valid JSON: " + e.getOriginalMessage());
        }
        Set<String> types = new LinkedHashSet<>();
        query.path("ResourceTypeFilters").forEach(t -> types.add(t.asText()));
        if (types.isEmpty()) throw ResourceGroupsErrors.badRequest("Query must include ResourceTypeFilters");
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (JsonNode f : query.path("TagFilters")) {
            String key = f.path("Key").asText("");
            if (key.isEmpty()) throw ResourceGroupsErrors.badRequest("Every TagFilter needs a Key");
            List<String> values = new ArrayList<>();
            f.path("Values").forEach(v -> values.add(v.asText()));
            filters.put(key, values);
        }
        if (filters.isEmpty() || filters.size() > 50) {
            throw ResourceGroupsErrors.badRequest("Query must include 1 to 50 TagFilters, got " + filters.size());
        }
        String arn = "arn:aws:resource-groups:" + ctx.region() + ":" + ctx.accountId() + ":group/" + name;
        return new SimGroup(name, arn, description, q.typeAsString(), q.query(), types, filters);
    }
}

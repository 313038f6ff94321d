package dev.fleetops.runbook.rate;

import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cloud.api.ApiInvoker;
import dev.fleetops.cloud.api.ApiModelException;
import dev.fleetops.json.Json;
import dev.fleetops.source.InputError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns {@link Targets} into target values: tags into the ids of the running instances that carry them (EC2
 * DescribeInstances with one filter per tag, which EC2 ANDs, every page, in the order EC2 answers), explicit
 * values as they are, and each of TargetMaps' maps into its compact JSON (the child's parameters,
 * {@link RateControl#plan}).
 */
public final class TargetResolver {

    private final Ec2AsyncClient ec2;
    private final Optional<Cloud> cloud;

    /** Tags and values only: a resource group is refused. */
    public TargetResolver(Ec2AsyncClient ec2) {
        this.ec2 = ec2;
        this.cloud = Optional.empty();
    }

    /** All target forms, resource groups through {@code cloud}'s Resource Groups client (AWS or the simulated region). */
    public static TargetResolver of(Cloud cloud) {
        return new TargetResolver(cloud.ec2(), Optional.of(cloud));
    }

    private TargetResolver(Ec2AsyncClient ec2, Optional<Cloud> cloud) {
        this.ec2 = ec2;
        this.cloud = cloud;
    }

    public CompletionStage<List<String>> resolve(Targets targets) {
        if (targets instanceof Targets.Values v) return CompletableFuture.completedFuture(v.values());
        if (targets instanceof Targets.Maps m) {
            return CompletableFuture.completedFuture(m.maps().stream().map(Json::compact).toList());
        }
        if (targets instanceof Targets.Tags tags) return tagged(tags.tags());
        if (targets instanceof Targets.ResourceGroup g) return group(g.name());
        return tagged(List.of((Targets.Tag) targets));
    }

    private CompletionStage<List<String>> tagged(List<Targets.Tag> tags) {
        List<Filter> filters = new ArrayList<>();
        for (Targets.Tag tag : tags) {
            // a tag filter without values means "has the key" (Resource Groups); EC2 says it with tag-key
            filters.add(tag.values().isEmpty() ? Filter.builder().name("tag-key").values(tag.key()).build()
                    : Filter.builder().name("tag:" + tag.key()).values(tag.values()).build());
        }
        filters.add(Filter.builder().name("instance-state-name").values("running").build());
        DescribeInstancesRequest first = DescribeInstancesRequest.builder().filters(filters).maxResults(1000).build();
        return page(first, new LinkedHashSet<>()).thenApply(List::copyOf);
    }

    /**
     * The running instances of a tag-based resource group: its query (GetGroupQuery) read as AWS Resource Groups
     * defines TAG_FILTERS_1_0 (every TagFilter's key with one of its values, none meaning any value; AWS Resource
     * Groups User Guide, "Build queries and groups"), resolved through DescribeInstances like tags.
     */
    private CompletionStage<List<String>> group(String name) {
        if (cloud.isEmpty() || ApiCatalog.standard().service("resource-groups").isEmpty()) {
            return CompletableFuture.failedFuture(new InputError(null, "--targets", "Key=ResourceGroup needs the Resource"
                    + " Groups API (fleetops.jar on AWS); give the group's tag instead (Key=tag:NAME,Values=VALUE)"));
        }
        return new ApiInvoker(ApiCatalog.standard()).invoke(cloud.get(), "resource-groups", "GetGroupQuery",
                        Json.object().put("GroupName", name))
                .exceptionallyCompose(e -> {
                    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (t instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a && a.statusCode() == 404) {
                        return CompletableFuture.failedFuture(new InputError(null, "--targets", "Key=ResourceGroup: there is"
                                + " no resource group " + name + " (Resource Groups GetGroupQuery: "
                                + (a.awsErrorDetails() != null ? a.awsErrorDetails().errorMessage() : a.getMessage()) + ")"));
                    }
                    // a cloud without a Resource Groups client (a test's) or a model the invoker cannot map
                    if (!(t instanceof ApiModelException)) return CompletableFuture.failedFuture(t);
                    return CompletableFuture.failedFuture(new InputError(null, "--targets", "Key=ResourceGroup: "
                            + t.getMessage() + "; give the group's tag instead (Key=tag:NAME,Values=VALUE)"));
                })
                .thenCompose(r -> tagged(tagFilters(name, r.path("GroupQuery").path("ResourceQuery"))));
    }

    private static List<Targets.Tag> tagFilters(String group, JsonNode resourceQuery) {
        String type = resourceQuery.path("Type").asText("");
        if (!type.equals("TAG_FILTERS_1_0")) {
            throw new InputError(null, "--targets", "resource group " + group + " has a " + type + " query: only tag-based"
                    + " groups (TAG_FILTERS_1_0) are resolved; give the group's tag instead");
        }
        JsonNode query;
        try {
            query = Json.parse(resourceQuery.path("Query").asText("{}"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputError(null, "--targets", "resource group " + group + ": its query is not JSON: " + e.getOriginalMessage());
        }
        List<String> types = new ArrayList<>();
        query.path("ResourceTypeFilters").forEach(t -> types.add(t.asText()));
        if (!types.contains("AWS::EC2::Instance") && !types.contains("AWS::AllSupported")) {
            throw new InputError(null, "--targets", "resource group " + group + " holds " + types + ", not EC2 instances");
        }
        List<Targets.Tag> tags = new ArrayList<>();
        for (JsonNode f : query.path("TagFilters")) {
            List<String> values = new ArrayList<>();
            f.path("Values").forEach(v -> values.add(v.asText()));
            tags.add(new Targets.Tag(f.path("Key").asText(), values));
        }
        if (tags.isEmpty()) throw new InputError(null, "--targets", "resource group " + group + " has no tag filters");
        return tags;
    }

    /** All of several target sets, in order, each id once (a window's targets). */
    public CompletionStage<List<String>> resolveAll(List<Targets> all) {
        CompletionStage<Set<String>> acc = CompletableFuture.completedFuture(new LinkedHashSet<>());
        for (Targets t : all) {
            acc = acc.thenCompose(ids -> resolve(t).thenApply(more -> {
                ids.addAll(more);
                return ids;
            }));
        }
        return acc.thenApply(List::copyOf);
    }

    private CompletionStage<Set<String>> page(DescribeInstancesRequest request, Set<String> ids) {
        return ec2.describeInstances(request).thenCompose((DescribeInstancesResponse r) -> {
            for (Reservation res : r.reservations()) {
                for (Instance i : res.instances()) ids.add(i.instanceId());
            }
            if (r.nextToken() == null || r.nextToken().isEmpty()) return CompletableFuture.completedFuture(ids);
            return page(request.toBuilder().nextToken(r.nextToken()).build(), ids);
        });
    }

}

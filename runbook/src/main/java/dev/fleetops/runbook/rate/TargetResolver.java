package dev.fleetops.runbook.rate;

import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

import dev.fleetops.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    public TargetResolver(Ec2AsyncClient ec2) {
        this.ec2 = ec2;
    }

    public CompletionStage<List<String>> resolve(Targets targets) {
        if (targets instanceof Targets.Values v) return CompletableFuture.completedFuture(v.values());
        if (targets instanceof Targets.Maps m) {
            return CompletableFuture.completedFuture(m.maps().stream().map(Json::compact).toList());
        }
        if (targets instanceof Targets.Tags tags) return tagged(tags.tags());
        return tagged(List.of((Targets.Tag) targets));
    }

    private CompletionStage<List<String>> tagged(List<Targets.Tag> tags) {
        List<Filter> filters = new ArrayList<>();
        for (Targets.Tag tag : tags) filters.add(Filter.builder().name("tag:" + tag.key()).values(tag.values()).build());
        filters.add(Filter.builder().name("instance-state-name").values("running").build());
        DescribeInstancesRequest first = DescribeInstancesRequest.builder().filters(filters).maxResults(1000).build();
        return page(first, new LinkedHashSet<>()).thenApply(List::copyOf);
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

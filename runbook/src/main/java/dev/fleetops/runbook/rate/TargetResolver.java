package dev.fleetops.runbook.rate;

import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns {@link Targets} into target values: a tag into the ids of the running instances that carry it (EC2
 * DescribeInstances, every page, in the order EC2 answers), explicit values as they are.
 */
public final class TargetResolver {

    private final Ec2AsyncClient ec2;

    public TargetResolver(Ec2AsyncClient ec2) {
        this.ec2 = ec2;
    }

    public CompletionStage<List<String>> resolve(Targets targets) {
        if (targets instanceof Targets.Values v) return CompletableFuture.completedFuture(v.values());
        Targets.Tag tag = (Targets.Tag) targets;
        DescribeInstancesRequest first = DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("tag:" + tag.key()).values(tag.values()).build(),
                        Filter.builder().name("instance-state-name").values("running").build())
                .maxResults(1000)
                .build();
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

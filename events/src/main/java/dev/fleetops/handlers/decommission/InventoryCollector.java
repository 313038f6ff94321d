package dev.fleetops.handlers.decommission;

import dev.fleetops.cloud.Cloud;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The periodic inventory: every live instance (pending, running) from DescribeInstances pages, captured into the
 * inventory, so an instance whose running event was missed (events are best effort) is still known when it dies.
 * Entries fully cleaned more than {@link #RETAIN} ago are pruned.
 */
final class InventoryCollector {

    static final Duration RETAIN = Duration.ofDays(7);

    private final Inventory inventory;
    private final Capture capture;
    private final List<String> cleanups;

    InventoryCollector(Inventory inventory, Capture capture, List<String> cleanups) {
        this.inventory = inventory;
        this.capture = capture;
        this.cleanups = cleanups;
    }

    /** @return how many instances were captured */
    CompletableFuture<Integer> collect(Cloud cloud) {
        Instant now = cloud.scheduler().now();
        return page(cloud, null, 0, now).thenApply(n -> {
            inventory.prune(now.minus(RETAIN), cleanups);
            return n;
        });
    }

    private CompletableFuture<Integer> page(Cloud cloud, String token, int sofar, Instant now) {
        return cloud.ec2().describeInstances(b -> b.maxResults(1000).nextToken(token)
                        .filters(Filter.builder().name("instance-state-name").values("pending", "running").build()))
                .thenCompose((DescribeInstancesResponse r) -> {
                    int n = sofar;
                    for (Reservation res : r.reservations()) {
                        for (Instance i : res.instances()) {
                            if (!Capture.useful(i)) continue;
                            inventory.put(capture.of(i, now));
                            n++;
                        }
                    }
                    if (r.nextToken() == null || r.nextToken().isEmpty()) return CompletableFuture.completedFuture(n);
                    return page(cloud, r.nextToken(), n, now);
                });
    }
}

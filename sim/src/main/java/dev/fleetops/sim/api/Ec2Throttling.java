package dev.fleetops.sim.api;

import dev.fleetops.time.VirtualScheduler;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * EC2's request and resource token buckets per account and Region (Amazon EC2 API Reference: "Request
 * throttling for the Amazon EC2 API"), refilled continuously in virtual time. A call takes
 * one token from its request bucket and, for RunInstances/StartInstances/StopInstances/TerminateInstances, one
 * token per instance from that action's resource bucket; it is throttled when either is short, and then takes
 * nothing.
 *
 * <p>Which bucket a describe call draws on: DescribeInstances and DescribeInstanceStatus draw on the smaller
 * "unfiltered and unpaginated" bucket (50, 10/s) unless they carry a filter or {@code MaxResults}. AWS does not
 * say whether an explicit {@code InstanceIds} list counts as filtered; this simulator says it does <em>not</em>, so
 * a poller that names ids still draws on the smaller bucket. That is the conservative reading: code that stays
 * within it also stays within the larger one.
 */
final class Ec2Throttling {

    private static final class Bucket {
        final double capacity;
        final double refillPerNano;
        double tokens;
        long lastNanos;

        Bucket(double capacity, double refillPerSecond) {
            this.capacity = capacity;
            this.refillPerNano = refillPerSecond / 1e9;
            this.tokens = capacity;
        }

        void refill(long now) {
            if (now > lastNanos) {
                tokens = Math.min(capacity, tokens + (now - lastNanos) * refillPerNano);
                lastNanos = now;
            }
        }
    }

    private static final Set<String> UNFILTERED_CANDIDATES = Set.of("DescribeInstances", "DescribeInstanceStatus",
            "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DescribeSnapshots", "DescribeSpotInstanceRequests",
            "DescribeVolumes");
    private static final Set<String> RESOURCE_INTENSIVE = Set.of("AuthorizeSecurityGroupIngress",
            "RevokeSecurityGroupIngress", "RequestSpotInstances", "CreateKeyPair", "CancelSpotInstanceRequests");

    private final VirtualScheduler scheduler;
    private final Bucket nonMutating = new Bucket(100, 20);
    private final Bucket unfiltered = new Bucket(50, 10);
    private final Bucket mutating = new Bucket(50, 5);
    private final Bucket resourceIntensive = new Bucket(50, 5);
    private final Map<String, Bucket> ownRequestBuckets = new HashMap<>();
    private final Map<String, Bucket> resourceBuckets = new HashMap<>();

    Ec2Throttling(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
        ownRequestBuckets.put("RunInstances", new Bucket(5, 2));
        ownRequestBuckets.put("StartInstances", new Bucket(5, 2));
        ownRequestBuckets.put("TerminateInstances", new Bucket(100, 5));
        ownRequestBuckets.put("CreateTags", new Bucket(100, 10));
        ownRequestBuckets.put("DeleteTags", new Bucket(100, 10));
        resourceBuckets.put("RunInstances", new Bucket(1000, 2));
        resourceBuckets.put("TerminateInstances", new Bucket(1000, 20));
        resourceBuckets.put("StartInstances", new Bucket(1000, 2));
        resourceBuckets.put("StopInstances", new Bucket(1000, 20));
    }

    /** A call that is neither filtered nor paginated. */
    boolean tryAcquire(String operation, int resources) {
        return tryAcquire(operation, resources, false);
    }

    /**
     * @param narrowed the call carries filters or MaxResults (moves the describe calls above to the larger bucket)
     * @return whether the call may proceed (tokens taken) or is throttled (nothing taken)
     */
    boolean tryAcquire(String operation, int resources, boolean narrowed) {
        long now = scheduler.elapsedNanos();
        Bucket request = requestBucket(operation, narrowed);
        Bucket resource = resourceBuckets.get(operation);
        request.refill(now);
        if (request.tokens < 1) return false;
        if (resource != null) {
            resource.refill(now);
            if (resource.tokens < resources) return false;
            resource.tokens -= resources;
        }
        request.tokens -= 1;
        return true;
    }

    private Bucket requestBucket(String operation, boolean narrowed) {
        Bucket own = ownRequestBuckets.get(operation);
        if (own != null) return own;
        if (UNFILTERED_CANDIDATES.contains(operation)) return narrowed ? nonMutating : unfiltered;
        if (operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get")) {
            return nonMutating;
        }
        if (RESOURCE_INTENSIVE.contains(operation) || operation.contains("VpcPeeringConnection")) {
            return resourceIntensive;
        }
        return mutating;
    }
}

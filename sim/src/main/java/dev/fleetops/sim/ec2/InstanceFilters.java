package dev.fleetops.sim.ec2;

import software.amazon.awssdk.services.ec2.model.Filter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The DescribeInstances and DescribeInstanceStatus filters this simulator supports, matched against instances. */
final class InstanceFilters {

    static final Set<String> DESCRIBE_INSTANCES = Set.of("instance-id", "instance-state-name", "instance-state-code",
            "tag:", "tag-key", "tag-value", "private-ip-address", "private-dns-name", "availability-zone",
            "instance-type", "image-id", "subnet-id", "vpc-id", "reservation-id", "instance-lifecycle",
            "launch-index", "client-token");

    static final Set<String> DESCRIBE_STATUS = Set.of("instance-id", "instance-state-name", "instance-state-code",
            "availability-zone", "instance-status.status", "instance-status.reachability", "system-status.status",
            "system-status.reachability");

    private final List<Filters.Compiled> filters;

    private InstanceFilters(List<Filters.Compiled> filters) {
        this.filters = filters;
    }

    static InstanceFilters of(List<Filter> filters, Set<String> known) {
        return new InstanceFilters(Filters.compile(filters, known));
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    boolean matches(SimInstance i, long nowNanos) {
        for (Filters.Compiled f : filters) {
            if (!matches(f, i, nowNanos)) return false;
        }
        return true;
    }

    private static boolean matches(Filters.Compiled f, SimInstance i, long now) {
        String key = f.tagKey();
        if (key != null) return f.matches(i.tags.get(key));
        return switch (f.name()) {
            case "instance-id" -> f.matches(i.id);
            case "instance-state-name" -> f.matches(i.stateName());
            case "instance-state-code" -> f.matches(String.valueOf(Ec2Model.code(i.state)));
            case "tag-key" -> i.tags.keySet().stream().anyMatch(f::matches);
            case "tag-value" -> i.tags.values().stream().anyMatch(f::matches);
            case "private-ip-address" -> f.matches(i.privateIp);
            case "private-dns-name" -> f.matches(i.privateDns);
            case "availability-zone" -> f.matches(i.availabilityZone);
            case "instance-type" -> f.matches(i.instanceType);
            case "image-id" -> f.matches(i.imageId);
            case "subnet-id" -> f.matches(i.subnetId);
            case "vpc-id" -> f.matches(Network.VPC_ID);
            case "reservation-id" -> f.matches(i.reservationId);
            case "instance-lifecycle" -> i.spot && f.matches("spot");
            case "launch-index" -> f.matches(String.valueOf(i.launchIndex));
            case "client-token" -> f.matches(i.clientToken);
            case "instance-status.status" -> f.matches(StatusChecks.instanceStatus(i, now).toString());
            case "system-status.status" -> f.matches(StatusChecks.systemStatus(i, now).toString());
            case "instance-status.reachability" ->
                    f.matches(StatusChecks.reachability(StatusChecks.instanceStatus(i, now)));
            case "system-status.reachability" ->
                    f.matches(StatusChecks.reachability(StatusChecks.systemStatus(i, now)));
            default -> false;
        };
    }

    /** Tag filters for DescribeTags. */
    static final Set<String> DESCRIBE_TAGS = Set.of("resource-id", "resource-type", "key", "value");

    static boolean matchesTag(List<Filters.Compiled> filters, String resourceId, Map.Entry<String, String> tag) {
        for (Filters.Compiled f : filters) {
            boolean ok = switch (f.name()) {
                case "resource-id" -> f.matches(resourceId);
                case "resource-type" -> f.matches("instance");
                case "key" -> f.matches(tag.getKey());
                case "value" -> f.matches(tag.getValue());
                default -> false;
            };
            if (!ok) return false;
        }
        return true;
    }
}

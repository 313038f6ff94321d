package dev.fleetops.sim.route53;

import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One hosted zone's record sets, in ListResourceRecordSets order, and the all-or-nothing application of a
 * change batch: changes are checked in order against the records as the earlier changes of the batch left them
 * (so DELETE then CREATE of one record works), every problem is collected, and nothing is applied unless the
 * whole batch is valid.
 */
final class ZoneRecords {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** A record set's identity: name, type and (for routing policies) set identifier. */
    record Key(String sortName, String type, String setIdentifier) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = sortName.compareTo(o.sortName);
            if (c != 0) return c;
            c = type.compareTo(o.type);
            if (c != 0) return c;
            if (setIdentifier == null) return o.setIdentifier == null ? 0 : -1;
            return o.setIdentifier == null ? 1 : setIdentifier.compareTo(o.setIdentifier);
        }

        static Key of(ResourceRecordSet r) {
            return new Key(DnsNames.sortKey(r.name()), r.typeAsString(), r.setIdentifier());
        }
    }

    final String zoneName;
    private final TreeMap<Key, ResourceRecordSet> records = new TreeMap<>();

    ZoneRecords(String zoneName) {
        this.zoneName = zoneName;
    }

    NavigableMap<Key, ResourceRecordSet> all() {
        return records;
    }

    int size() {
        return records.size();
    }

    void put(ResourceRecordSet r) {
        records.put(Key.of(r), r);
    }

    /** Validates the whole batch, then applies it; throws InvalidChangeBatch / InvalidInput and changes nothing. */
    void apply(List<Change> changes) {
        Map<Key, ResourceRecordSet> pending = new LinkedHashMap<>(); // a null value: deleted by this batch
        List<String> problems = new ArrayList<>();
        for (Change change : changes) {
            ResourceRecordSet given = normalized(change);
            Key key = Key.of(given);
            ResourceRecordSet current = pending.containsKey(key) ? pending.get(key) : records.get(key);
            String described = "[name='" + given.name() + "', type='" + given.typeAsString() + "'"
                    + (given.setIdentifier() == null ? "" : ", set-identifier='" + given.setIdentifier() + "'") + "]";
            if (!DnsNames.inZone(given.name(), zoneName)) {
                problems.add("RRSet with DNS name " + given.name() + " is not permitted in zone " + zoneName);
                continue;
            }
            boolean apex = given.name().equals(zoneName);
            switch (change.action()) {
                case CREATE, UPSERT -> {
                    if (change.action() == ChangeAction.CREATE && current != null) {
                        problems.add("Tried to create resource record set " + described + " but it already exists");
                        continue;
                    }
                    String invalid = invalidRecord(given, apex, pending);
                    if (invalid != null) {
                        problems.add(invalid);
                        continue;
                    }
                    pending.put(key, given);
                }
                case DELETE -> {
                    if (current == null) {
                        problems.add("Tried to delete resource record set " + described + " but it was not found");
                    } else if (!sameValues(current, given)) {
                        problems.add("Tried to delete resource record set " + described
                                + " but the values provided do not match the current values");
                    } else if (apex && given.typeAsString().equals("SOA")) {
                        problems.add("A HostedZone must contain exactly one SOA record.");
                    } else if (apex && given.typeAsString().equals("NS")) {
                        problems.add("A HostedZone must contain at least one NS record for the zone itself.");
                    } else {
                        pending.put(key, null);
                    }
                }
                default -> throw Route53Errors.invalidInput("Invalid request: unknown Action " + change.actionAsString());
            }
        }
        if (!problems.isEmpty()) throw Route53Errors.invalidChangeBatch(problems);
        for (Map.Entry<Key, ResourceRecordSet> e : pending.entrySet()) {
            if (e.getValue() == null) records.remove(e.getKey());
            else records.put(e.getKey(), e.getValue());
        }
    }

    private static ResourceRecordSet normalized(Change change) {
        ResourceRecordSet r = change.resourceRecordSet();
        if (change.action() == null || r == null || r.name() == null || r.type() == null) {
            throw Route53Errors.invalidInput("Invalid request: Expected Action, and ResourceRecordSet with Name and "
                    + "Type in every Change");
        }
        boolean alias = r.aliasTarget() != null;
        boolean plain = r.ttl() != null && r.hasResourceRecords() && !r.resourceRecords().isEmpty();
        if (alias == plain || (alias && (r.ttl() != null || r.hasResourceRecords()))) {
            throw Route53Errors.invalidInput("Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and "
                    + "ResourceRecords], or TrafficPolicyInstanceId], but found " + (alias ? "more than one" : "none")
                    + " in Change with [Action=" + change.actionAsString() + ", Name=" + r.name() + ", Type="
                    + r.typeAsString() + ", SetIdentifier=" + r.setIdentifier() + "]");
        }
        ResourceRecordSet.Builder b = r.toBuilder().name(DnsNames.normalize(r.name()));
        if (alias) {
            AliasTarget a = r.aliasTarget();
            b.aliasTarget(a.toBuilder().dnsName(DnsNames.normalize(a.dnsName())).build());
        }
        return b.build();
    }

    private String invalidRecord(ResourceRecordSet r, boolean apex, Map<Key, ResourceRecordSet> pending) {
        String type = r.typeAsString();
        if (r.ttl() != null && (r.ttl() < 0 || r.ttl() > 2_147_483_647L)) {
            return "Invalid TTL " + r.ttl() + " for resource record set [name='" + r.name() + "', type='" + type + "']";
        }
        if (type.equals("A") && r.hasResourceRecords()) {
            for (ResourceRecord v : r.resourceRecords()) {
                if (v.value() == null || !IPV4.matcher(v.value()).matches()) {
                    return "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid "
                            + "IPv4 address) encountered with '" + v.value() + "''";
                }
            }
        }
        if (type.equals("CNAME") && apex) {
            return "RRSet of type CNAME with DNS name " + r.name() + " is not permitted at apex in zone " + zoneName;
        }
        for (String other : typesAt(r.name(), pending)) {
            if (other.equals(type)) continue;
            if (type.equals("CNAME") || other.equals("CNAME")) {
                return "RRSet of type " + type + " with DNS name " + r.name() + " is not permitted because a "
                        + "conflicting RRSet of type " + other + " with the same DNS name already exists in zone "
                        + zoneName;
            }
        }
        return null;
    }

    /** The record types at a name, as the batch so far leaves them. */
    private List<String> typesAt(String name, Map<Key, ResourceRecordSet> pending) {
        String sortName = DnsNames.sortKey(name);
        var atName = records.subMap(new Key(sortName, "", null), true, new Key(sortName, "\uffff", null), true);
        List<String> types = new ArrayList<>();
        var seen = new HashSet<Key>();
        for (Map.Entry<Key, ResourceRecordSet> e : pending.entrySet()) {
            if (!e.getKey().sortName().equals(sortName)) continue;
            seen.add(e.getKey());
            if (e.getValue() != null) types.add(e.getKey().type());
        }
        for (Key k : atName.keySet()) if (!seen.contains(k)) types.add(k.type());
        return types;
    }

    /** What DELETE compares: TTL, values (as a set), alias target and routing settings. */
    private static boolean sameValues(ResourceRecordSet a, ResourceRecordSet b) {
        return Objects.equals(a.ttl(), b.ttl())
                && Objects.equals(values(a), values(b))
                && Objects.equals(a.aliasTarget(), b.aliasTarget())
                && Objects.equals(a.weight(), b.weight())
                && Objects.equals(a.regionAsString(), b.regionAsString())
                && Objects.equals(a.failoverAsString(), b.failoverAsString())
                && Objects.equals(a.geoLocation(), b.geoLocation())
                && Objects.equals(a.multiValueAnswer(), b.multiValueAnswer())
                && Objects.equals(a.healthCheckId(), b.healthCheckId());
    }

    private static Set<String> values(ResourceRecordSet r) {
        Set<String> out = new HashSet<>();
        if (r.hasResourceRecords()) for (ResourceRecord v : r.resourceRecords()) out.add(v.value());
        return out;
    }
}

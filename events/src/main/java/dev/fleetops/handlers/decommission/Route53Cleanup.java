package dev.fleetops.handlers.decommission;

import dev.fleetops.events.spi.Event;
import dev.fleetops.handlers.AwsErrors;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes the instance's record from a hosted zone: found by name (a template such as {@code {name}.example.com})
 * and value (the private IP for A records, the private DNS name for CNAME), or by value alone across the zone.
 * A record with several values loses only this instance's value (UPSERT). A record that is not there is already
 * gone: success, as is Route 53's "not found" answer to the DELETE (InvalidChangeBatch; moto says InvalidInput).
 */
record Route53Cleanup(String zoneId, Optional<NameTemplate> record, RRType type) implements Cleanup {

    @Override
    public String name() {
        return "route53";
    }

    @Override
    public CompletableFuture<String> run(InventoryEntry e, Event event, CleanupContext c) {
        Optional<String> value = type == RRType.CNAME ? e.privateDns() : e.privateIp();
        if (value.isEmpty()) {
            return CompletableFuture.completedFuture("skipped: the inventory has no " + (type == RRType.CNAME
                    ? "private DNS name" : "private IP") + " for " + e.instanceId());
        }
        Optional<String> name = Optional.empty();
        if (record.isPresent()) {
            name = record.get().apply(e).map(Route53Cleanup::fqdn);
            if (name.isEmpty()) {
                return CompletableFuture.completedFuture("skipped: the record name " + record.get().text()
                        + " needs values the inventory lacks for " + e.instanceId());
            }
        }
        Optional<String> wanted = name;
        return find(c, wanted, value.get(), wanted.orElse(null), null).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture("already gone: no " + type + " record" + wanted.map(n -> " " + n)
                        .orElse("") + " with value " + value.get() + " in " + zoneId);
            }
            return change(c, found.get(), value.get());
        });
    }

    private CompletableFuture<Optional<ResourceRecordSet>> find(CleanupContext c, Optional<String> name, String value,
                                                                String startName, RRType startType) {
        return c.api().<ListResourceRecordSetsResponse>call("route53", "ListResourceRecordSets",
                () -> c.cloud().route53().listResourceRecordSets(b -> {
                    b.hostedZoneId(zoneId);
                    if (startName != null) b.startRecordName(startName).startRecordType(startType != null ? startType : type);
                }), "HostedZoneId", zoneId, "StartRecordName", String.valueOf(startName))
                .thenCompose(r -> {
                    for (ResourceRecordSet s : r.resourceRecordSets()) {
                        if (s.type() != type) continue;
                        if (name.isPresent() && !fqdn(s.name()).equalsIgnoreCase(name.get())) continue;
                        if (s.resourceRecords().stream().anyMatch(v -> v.value().equals(value))) {
                            return CompletableFuture.completedFuture(Optional.of(s));
                        }
                    }
                    // By name, the record is on the first page if it exists; by value, read the whole zone.
                    if (name.isPresent() || !Boolean.TRUE.equals(r.isTruncated())) {
                        return CompletableFuture.completedFuture(Optional.<ResourceRecordSet>empty());
                    }
                    return find(c, name, value, r.nextRecordName(), r.nextRecordType());
                });
    }

    private CompletableFuture<String> change(CleanupContext c, ResourceRecordSet found, String value) {
        List<ResourceRecord> rest = found.resourceRecords().stream().filter(v -> !v.value().equals(value)).toList();
        boolean delete = rest.isEmpty();
        ResourceRecordSet target = delete ? found : found.toBuilder().resourceRecords(rest).build();
        String action = delete ? "DELETE" : "UPSERT";
        return c.api().call("route53", "ChangeResourceRecordSets", () -> c.cloud().route53().changeResourceRecordSets(b -> b
                        .hostedZoneId(zoneId).changeBatch(cb -> cb.comment("fleetops decommission")
                                .changes(ch -> ch.action(delete ? ChangeAction.DELETE : ChangeAction.UPSERT)
                                        .resourceRecordSet(target)))),
                        "HostedZoneId", zoneId, "Action", action, "Name", found.name(), "Type", type.toString(), "Value", value)
                .handle((r, e) -> {
                    if (e == null) {
                        return delete ? "deleted " + type + " " + found.name() + " (" + value + ")"
                                : "removed " + value + " from " + type + " " + found.name() + " (" + rest.size() + " value(s) left)";
                    }
                    String msg = AwsErrors.message(e).toLowerCase(Locale.ROOT);
                    if ((AwsErrors.is(e, "InvalidChangeBatch") && msg.contains("not found")) || AwsErrors.is(e, "InvalidInput")) {
                        return "already gone: " + AwsErrors.message(e);
                    }
                    throw new IllegalStateException(AwsErrors.message(e));
                });
    }

    static String fqdn(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}

package dev.fleetops.sim.route53;

import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameRequest;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameResponse;
import software.amazon.awssdk.services.route53.model.ListHostedZonesRequest;
import software.amazon.awssdk.services.route53.model.ListHostedZonesResponse;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The list operations with Route 53's paging (Marker / DNSName+HostedZoneId / StartRecordName+Type+Identifier). */
final class Route53Listing {

    private final Route53Sim route53;

    Route53Listing(Route53Sim route53) {
        this.route53 = route53;
    }

    ListHostedZonesResponse listHostedZones(ListHostedZonesRequest r) {
        int max = maxItems(r.maxItems(), 100);
        List<Route53Sim.Zone> all = new ArrayList<>(route53.zones.values());
        int start = 0;
        if (r.marker() != null) {
            start = -1;
            for (int i = 0; i < all.size(); i++) if (all.get(i).id().equals(r.marker())) start = i;
            if (start < 0) throw Route53Errors.invalidInput("Invalid request: the marker " + r.marker() + " is not valid");
        }
        int end = Math.min(all.size(), start + max);
        List<HostedZone> page = all.subList(start, end).stream().map(Route53Sim.Zone::describe).toList();
        ListHostedZonesResponse.Builder b = ListHostedZonesResponse.builder().hostedZones(page).marker(r.marker())
                .isTruncated(end < all.size()).maxItems(Integer.toString(max));
        if (end < all.size()) b.nextMarker(all.get(end).id());
        return b.build();
    }

    /** Ordered by name with labels reversed, then by id (API reference, ListHostedZonesByName). */
    ListHostedZonesByNameResponse listHostedZonesByName(ListHostedZonesByNameRequest r) {
        int max = maxItems(r.maxItems(), 100);
        if (r.hostedZoneId() != null && r.dnsName() == null) {
            throw Route53Errors.invalidInput("Invalid request: HostedZoneId requires DNSName");
        }
        List<Route53Sim.Zone> all = new ArrayList<>(route53.zones.values());
        Comparator<Route53Sim.Zone> order = Comparator.comparing((Route53Sim.Zone z) -> DnsNames.sortKey(z.name()))
                .thenComparing(Route53Sim.Zone::id);
        all.sort(order);
        int start = 0;
        if (r.dnsName() != null) {
            String key = DnsNames.sortKey(DnsNames.normalize(r.dnsName()));
            String id = r.hostedZoneId() == null ? "" : r.hostedZoneId().replaceFirst("^/hostedzone/", "");
            while (start < all.size()) {
                Route53Sim.Zone z = all.get(start);
                int c = DnsNames.sortKey(z.name()).compareTo(key);
                if (c > 0 || (c == 0 && z.id().compareTo(id) >= 0)) break;
                start++;
            }
        }
        int end = Math.min(all.size(), start + max);
        List<HostedZone> page = all.subList(start, end).stream().map(Route53Sim.Zone::describe).toList();
        ListHostedZonesByNameResponse.Builder b = ListHostedZonesByNameResponse.builder().hostedZones(page)
                .dnsName(r.dnsName()).hostedZoneId(r.hostedZoneId()).isTruncated(end < all.size())
                .maxItems(Integer.toString(max));
        if (end < all.size()) b.nextDNSName(all.get(end).name()).nextHostedZoneId(all.get(end).id());
        return b.build();
    }

    ListResourceRecordSetsResponse listResourceRecordSets(ListResourceRecordSetsRequest r) {
        Route53Sim.Zone zone = route53.zone(r.hostedZoneId());
        int max = maxItems(r.maxItems(), 300);
        if (r.startRecordType() != null && r.startRecordName() == null) {
            throw Route53Errors.invalidInput("Invalid request: StartRecordType requires StartRecordName");
        }
        if (r.startRecordIdentifier() != null && r.startRecordType() == null) {
            throw Route53Errors.invalidInput("Invalid request: StartRecordIdentifier requires StartRecordType");
        }
        Map<ZoneRecords.Key, ResourceRecordSet> from = zone.records().all();
        if (r.startRecordName() != null) {
            ZoneRecords.Key start = new ZoneRecords.Key(DnsNames.sortKey(DnsNames.normalize(r.startRecordName())),
                    r.startRecordType() == null ? "" : r.startRecordTypeAsString(), r.startRecordIdentifier());
            from = zone.records().all().tailMap(start, true);
        }
        List<ResourceRecordSet> page = new ArrayList<>(Math.min(max, from.size()));
        Iterator<ResourceRecordSet> it = from.values().iterator();
        while (it.hasNext() && page.size() < max) page.add(it.next());
        ListResourceRecordSetsResponse.Builder b = ListResourceRecordSetsResponse.builder().resourceRecordSets(page)
                .isTruncated(it.hasNext()).maxItems(Integer.toString(max));
        if (it.hasNext()) {
            ResourceRecordSet next = it.next();
            b.nextRecordName(next.name()).nextRecordType(next.typeAsString()).nextRecordIdentifier(next.setIdentifier());
        }
        return b.build();
    }

    /** MaxItems is a string in the API; Route 53 returns at most its documented page size whatever is asked. */
    private static int maxItems(String value, int limit) {
        if (value == null) return limit;
        try {
            int v = Integer.parseInt(value.trim());
            if (v < 1) throw Route53Errors.invalidInput("Invalid request: MaxItems must be a positive integer");
            return Math.min(v, limit);
        } catch (NumberFormatException e) {
            throw Route53Errors.invalidInput("Invalid request: MaxItems must be a positive integer");
        }
    }
}

package dev.fleetops.sim.route53;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.DelegationSet;
import software.amazon.awssdk.services.route53.model.DeleteHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.DeleteHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.GetChangeRequest;
import software.amazon.awssdk.services.route53.model.GetChangeResponse;
import software.amazon.awssdk.services.route53.model.GetHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.GetHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.HostedZoneConfig;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.RRType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Simulated Route 53: hosted zones (ids {@code Z...}, bare as the SDK's Route53IdInterceptor hands them to callers, NS and SOA records, CallerReference
 * idempotency) and atomic change batches. Changes propagate at once: a change is {@code PENDING} in the answer
 * to the request that made it, as on AWS, and {@code INSYNC} from then on. Listing lives in {@link Route53Listing}.
 */
public final class Route53Sim {

    /** A zone and what was asked when creating it. */
    record Zone(String id, String name, String callerReference, HostedZoneConfig config, List<String> nameServers,
                ZoneRecords records) {
        HostedZone describe() {
            return HostedZone.builder().id(id).name(name).callerReference(callerReference)
                    .config(config).resourceRecordSetCount((long) records.size()).build();
        }
    }

    private final SimContext ctx;
    final Map<String, Zone> zones = new LinkedHashMap<>();
    private final Map<String, String> zoneByCallerReference = new LinkedHashMap<>();
    private final Map<String, Instant> changes = new LinkedHashMap<>();
    private final Route53AsyncClient client;

    public Route53Sim(SimContext ctx) {
        this.ctx = ctx;
        this.client = new SimRoute53Client(ctx, this, new Route53Listing(this));
    }

    public Route53AsyncClient client() {
        return client;
    }

    CreateHostedZoneResponse createHostedZone(CreateHostedZoneRequest r) {
        if (r.callerReference() == null || r.callerReference().isEmpty() || r.callerReference().length() > 128) {
            throw Route53Errors.invalidInput("Invalid request: CallerReference must be 1 to 128 characters");
        }
        if (r.name() == null) throw Route53Errors.invalidInput("Invalid request: Name is required");
        if (zoneByCallerReference.containsKey(r.callerReference())) {
            throw Route53Errors.zoneAlreadyExists(r.callerReference());
        }
        String name = DnsNames.normalize(r.name());
        if (!DnsNames.valid(name) || name.startsWith("\\052")) throw Route53Errors.invalidDomainName(r.name());
        String id = "Z" + ctx.ids().upper(20);
        List<String> nameServers = nameServers(id);
        HostedZoneConfig config = r.hostedZoneConfig() != null ? r.hostedZoneConfig()
                : HostedZoneConfig.builder().privateZone(r.vpc() != null).build();
        if (config.privateZone() == null) config = config.toBuilder().privateZone(r.vpc() != null).build();
        Zone zone = new Zone(id, name, r.callerReference(), config, nameServers, new ZoneRecords(name));
        List<ResourceRecord> ns = nameServers.stream().map(s -> ResourceRecord.builder().value(s + ".").build()).toList();
        zone.records().put(ResourceRecordSet.builder().name(name).type(RRType.NS).ttl(172_800L).resourceRecords(ns).build());
        zone.records().put(ResourceRecordSet.builder().name(name).type(RRType.SOA).ttl(900L).resourceRecords(
                ResourceRecord.builder().value(nameServers.get(0)
                        + ". awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400").build()).build());
        zones.put(id, zone);
        zoneByCallerReference.put(r.callerReference(), id);
        ctx.log("route53.zone", name, "created " + id);
        return CreateHostedZoneResponse.builder().hostedZone(zone.describe()).changeInfo(newChange(null))
                .delegationSet(DelegationSet.builder().nameServers(nameServers).build())
                .location("https://route53.amazonaws.com/2013-04-01/hostedzone/" + id).build();
    }

    GetHostedZoneResponse getHostedZone(GetHostedZoneRequest r) {
        Zone zone = zone(r.id());
        return GetHostedZoneResponse.builder().hostedZone(zone.describe())
                .delegationSet(DelegationSet.builder().nameServers(zone.nameServers()).build()).build();
    }

    DeleteHostedZoneResponse deleteHostedZone(DeleteHostedZoneRequest r) {
        Zone zone = zone(r.id());
        for (ResourceRecordSet rr : zone.records().all().values()) {
            boolean required = rr.name().equals(zone.name()) && (rr.type() == RRType.NS || rr.type() == RRType.SOA);
            if (!required) throw Route53Errors.zoneNotEmpty();
        }
        zones.remove(zone.id());
        ctx.log("route53.zone", zone.name(), "deleted " + zone.id());
        return DeleteHostedZoneResponse.builder().changeInfo(newChange(null)).build();
    }

    ChangeResourceRecordSetsResponse changeResourceRecordSets(ChangeResourceRecordSetsRequest r) {
        Zone zone = zone(r.hostedZoneId());
        if (r.changeBatch() == null || !r.changeBatch().hasChanges() || r.changeBatch().changes().isEmpty()) {
            throw Route53Errors.invalidInput("Invalid request: Expected at least one Change in the ChangeBatch");
        }
        if (r.changeBatch().changes().size() > 1000) {
            throw Route53Errors.invalidInput("Invalid request: the ChangeBatch has more than 1000 Changes");
        }
        zone.records().apply(r.changeBatch().changes());
        if (ctx.timeline().recording()) {
            ctx.log("route53.change", zone.name(), r.changeBatch().changes().size() + " change(s) applied");
        }
        return ChangeResourceRecordSetsResponse.builder().changeInfo(newChange(r.changeBatch().comment())).build();
    }

    GetChangeResponse getChange(GetChangeRequest r) {
        String id = r.id() == null ? "" : r.id().replaceFirst("^/change/", "");
        Instant submitted = changes.get(id);
        if (submitted == null) throw Route53Errors.noSuchChange(r.id());
        return GetChangeResponse.builder().changeInfo(ChangeInfo.builder().id(id).status(ChangeStatus.INSYNC)
                .submittedAt(submitted).build()).build();
    }

    /** The zone an id names, with or without the {@code /hostedzone/} prefix. */
    Zone zone(String id) {
        if (id == null || id.isEmpty()) throw Route53Errors.invalidInput("Invalid request: Id is required");
        String bare = id.replaceFirst("^/hostedzone/", "");
        Zone zone = zones.get(bare);
        if (zone == null) throw Route53Errors.noSuchHostedZone(bare);
        return zone;
    }

    private ChangeInfo newChange(String comment) {
        String id = "C" + ctx.ids().upper(20);
        Instant now = ctx.scheduler().now();
        changes.put(id, now);
        return ChangeInfo.builder().id(id).status(ChangeStatus.PENDING).submittedAt(now).comment(comment)
                .build();
    }

    /** Four name servers across AWS's four top-level domains, as a delegation set has; derived from the zone id. */
    private static List<String> nameServers(String zoneId) {
        String[] tlds = {"com", "net", "org", "co.uk"};
        List<String> out = new ArrayList<>(4);
        for (String tld : tlds) {
            int server = Math.floorMod((zoneId + tld).hashCode(), 2048);
            out.add("ns-" + server + ".awsdns-" + String.format(Locale.ROOT, "%02d", server / 32) + "." + tld);
        }
        return out;
    }
}

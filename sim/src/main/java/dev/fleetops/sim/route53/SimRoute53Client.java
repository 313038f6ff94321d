package dev.fleetops.sim.route53;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.DeleteHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.DeleteHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.GetChangeRequest;
import software.amazon.awssdk.services.route53.model.GetChangeResponse;
import software.amazon.awssdk.services.route53.model.GetHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.GetHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameRequest;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameResponse;
import software.amazon.awssdk.services.route53.model.ListHostedZonesRequest;
import software.amazon.awssdk.services.route53.model.ListHostedZonesResponse;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;

import java.util.concurrent.CompletableFuture;

/** {@link Route53AsyncClient} over the simulated Route 53. Unmodelled operations throw UnsupportedOperationException. */
final class SimRoute53Client implements Route53AsyncClient {

    private final SimContext ctx;
    private final Route53Sim route53;
    private final Route53Listing listing;

    SimRoute53Client(SimContext ctx, Route53Sim route53, Route53Listing listing) {
        this.ctx = ctx;
        this.route53 = route53;
        this.listing = listing;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }

    @Override
    public CompletableFuture<CreateHostedZoneResponse> createHostedZone(CreateHostedZoneRequest r) {
        return ctx.gate().call("route53", "CreateHostedZone", () -> route53.createHostedZone(r));
    }

    @Override
    public CompletableFuture<GetHostedZoneResponse> getHostedZone(GetHostedZoneRequest r) {
        return ctx.gate().call("route53", "GetHostedZone", () -> route53.getHostedZone(r));
    }

    @Override
    public CompletableFuture<DeleteHostedZoneResponse> deleteHostedZone(DeleteHostedZoneRequest r) {
        return ctx.gate().call("route53", "DeleteHostedZone", () -> route53.deleteHostedZone(r));
    }

    @Override
    public CompletableFuture<ListHostedZonesResponse> listHostedZones(ListHostedZonesRequest r) {
        return ctx.gate().call("route53", "ListHostedZones", () -> listing.listHostedZones(r));
    }

    @Override
    public CompletableFuture<ListHostedZonesResponse> listHostedZones() {
        return listHostedZones(ListHostedZonesRequest.builder().build());
    }

    @Override
    public CompletableFuture<ListHostedZonesByNameResponse> listHostedZonesByName(ListHostedZonesByNameRequest r) {
        return ctx.gate().call("route53", "ListHostedZonesByName", () -> listing.listHostedZonesByName(r));
    }

    @Override
    public CompletableFuture<ListHostedZonesByNameResponse> listHostedZonesByName() {
        return listHostedZonesByName(ListHostedZonesByNameRequest.builder().build());
    }

    @Override
    public CompletableFuture<ChangeResourceRecordSetsResponse> changeResourceRecordSets(ChangeResourceRecordSetsRequest r) {
        return ctx.gate().call("route53", "ChangeResourceRecordSets", () -> route53.changeResourceRecordSets(r));
    }

    @Override
    public CompletableFuture<GetChangeResponse> getChange(GetChangeRequest r) {
        return ctx.gate().call("route53", "GetChange", () -> route53.getChange(r));
    }

    @Override
    public CompletableFuture<ListResourceRecordSetsResponse> listResourceRecordSets(ListResourceRecordSetsRequest r) {
        return ctx.gate().call("route53", "ListResourceRecordSets", () -> listing.listResourceRecordSets(r));
    }
}

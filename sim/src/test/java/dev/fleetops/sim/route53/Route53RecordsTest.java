package dev.fleetops.sim.route53;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZoneAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hosted zones and record changes through {@link Route53AsyncClient}, with Route 53's rules and wording. */
class Route53RecordsTest {

    private final SimRegion region = SimRegion.empty();
    private final VirtualScheduler time = region.scheduler();
    private final Route53AsyncClient route53 = region.cloud().route53();
    private String zoneId;

    private <T> T await(CompletableFuture<T> f) {
        return time.await(f, Duration.ofMinutes(1));
    }

    private AwsServiceException failure(CompletableFuture<?> f) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> await(f)).satisfies(t -> caught[0] = t);
        Throwable c = caught[0];
        while (!(c instanceof AwsServiceException) && c.getCause() != null) c = c.getCause();
        return (AwsServiceException) c;
    }

    private static Change change(ChangeAction action, String name, RRType type, long ttl, String... values) {
        return Change.builder().action(action).resourceRecordSet(ResourceRecordSet.builder().name(name).type(type).ttl(ttl)
                .resourceRecords(java.util.Arrays.stream(values).map(v -> ResourceRecord.builder().value(v).build()).toList())
                .build()).build();
    }

    private CompletableFuture<?> submit(Change... changes) {
        return route53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(c -> c.changes(changes)));
    }

    private List<ResourceRecordSet> records() {
        return await(route53.listResourceRecordSets(b -> b.hostedZoneId(zoneId))).resourceRecordSets();
    }

    @BeforeEach
    void zone() {
        CreateHostedZoneResponse created = await(route53.createHostedZone(b -> b.name("Example.com").callerReference("ref-1")));
        zoneId = created.hostedZone().id();
    }

    @Test
    void aNewZoneHasAwsShapedIdsAndItsNsAndSoaRecords() {
        assertThat(zoneId).as("bare, as the SDK hands it over").matches("Z[A-Z0-9]{20}");
        var zone = await(route53.getHostedZone(b -> b.id(zoneId)));
        assertThat(zone.hostedZone().name()).isEqualTo("example.com.");
        assertThat(zone.hostedZone().resourceRecordSetCount()).isEqualTo(2L);
        assertThat(zone.hostedZone().config().privateZone()).isFalse();
        assertThat(zone.delegationSet().nameServers()).hasSize(4)
                .allMatch(ns -> ns.matches("ns-\\d+\\.awsdns-\\d\\d\\.(com|net|org|co\\.uk)"));
        assertThat(records()).extracting(ResourceRecordSet::type).containsExactly(RRType.NS, RRType.SOA);
        assertThat(records().get(1).resourceRecords().get(0).value())
                .endsWith(". awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400");

        AwsServiceException again = failure(route53.createHostedZone(b -> b.name("other.com").callerReference("ref-1")));
        assertThat(again).isInstanceOf(HostedZoneAlreadyExistsException.class);
        assertThat(again.awsErrorDetails().errorCode()).isEqualTo("HostedZoneAlreadyExists");
    }

    @Test
    void createUpsertAndDeleteRecords() {
        var info = await(route53.changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(c -> c.comment("web")
                .changes(change(ChangeAction.CREATE, "www.example.com", RRType.A, 300, "10.0.0.1")))))
                .changeInfo();
        assertThat(info.status()).isEqualTo(ChangeStatus.PENDING);
        assertThat(info.id()).matches("C[A-Z0-9]{20}");
        assertThat(await(route53.getChange(b -> b.id(info.id()))).changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);

        await(submit(change(ChangeAction.UPSERT, "www.example.com.", RRType.A, 60, "10.0.0.2", "10.0.0.3")));
        ResourceRecordSet www = records().stream().filter(r -> r.name().equals("www.example.com.")).findFirst().orElseThrow();
        assertThat(www.ttl()).isEqualTo(60L);
        assertThat(www.resourceRecords()).extracting(ResourceRecord::value).containsExactly("10.0.0.2", "10.0.0.3");

        await(submit(change(ChangeAction.DELETE, "WWW.example.com", RRType.A, 60, "10.0.0.3", "10.0.0.2")));
        assertThat(records()).extracting(ResourceRecordSet::name).doesNotContain("www.example.com.");
    }

    @Test
    void duplicateCreateAndMissingOrMismatchedDeleteRejectTheWholeBatch() {
        await(submit(change(ChangeAction.CREATE, "db.example.com", RRType.A, 300, "10.0.0.9")));

        AwsServiceException dup = failure(submit(
                change(ChangeAction.CREATE, "new.example.com", RRType.A, 300, "10.0.0.10"),
                change(ChangeAction.CREATE, "db.example.com", RRType.A, 300, "10.0.0.9")));
        assertThat(dup).isInstanceOf(InvalidChangeBatchException.class);
        assertThat(dup.awsErrorDetails().errorCode()).isEqualTo("InvalidChangeBatch");
        assertThat(dup.awsErrorDetails().errorMessage())
                .isEqualTo("[Tried to create resource record set [name='db.example.com.', type='A'] but it already exists]");
        assertThat(records()).extracting(ResourceRecordSet::name).doesNotContain("new.example.com.");

        AwsServiceException missing = failure(submit(
                change(ChangeAction.UPSERT, "db.example.com", RRType.A, 300, "10.0.0.99"),
                change(ChangeAction.DELETE, "gone.example.com", RRType.A, 300, "10.0.0.1"),
                change(ChangeAction.DELETE, "db.example.com", RRType.A, 60, "10.0.0.99")));
        assertThat(((InvalidChangeBatchException) missing).messages()).containsExactly(
                "Tried to delete resource record set [name='gone.example.com.', type='A'] but it was not found",
                "Tried to delete resource record set [name='db.example.com.', type='A'] but the values provided do not match the current values");
        ResourceRecordSet db = records().stream().filter(r -> r.name().equals("db.example.com.")).findFirst().orElseThrow();
        assertThat(db.resourceRecords().get(0).value()).isEqualTo("10.0.0.9"); // the UPSERT was not applied either

        // within one batch, later changes see earlier ones: replace = DELETE + CREATE
        await(submit(change(ChangeAction.DELETE, "db.example.com", RRType.A, 300, "10.0.0.9"),
                change(ChangeAction.CREATE, "db.example.com", RRType.A, 300, "10.0.0.8")));
        assertThat(records().stream().filter(r -> r.name().equals("db.example.com.")).findFirst().orElseThrow()
                .resourceRecords().get(0).value()).isEqualTo("10.0.0.8");
    }

    @Test
    void listingIsOrderedByReversedLabelsThenTypeAndPages() {
        await(submit(change(ChangeAction.CREATE, "b.example.com", RRType.A, 300, "10.0.0.1"),
                change(ChangeAction.CREATE, "a.b.example.com", RRType.A, 300, "10.0.0.2"),
                change(ChangeAction.CREATE, "c.example.com", RRType.TXT, 300, "\"x\""),
                change(ChangeAction.CREATE, "c.example.com", RRType.A, 300, "10.0.0.3"),
                change(ChangeAction.CREATE, "*.example.com", RRType.A, 300, "10.0.0.4")));
        assertThat(records()).extracting(r -> r.name() + " " + r.typeAsString()).containsExactly(
                "example.com. NS", "example.com. SOA", "\\052.example.com. A", "b.example.com. A",
                "a.b.example.com. A", "c.example.com. A", "c.example.com. TXT");

        ListResourceRecordSetsResponse page = await(route53.listResourceRecordSets(b -> b.hostedZoneId(zoneId)
                .startRecordName("b.example.com").maxItems("2")));
        assertThat(page.resourceRecordSets()).extracting(ResourceRecordSet::name)
                .containsExactly("b.example.com.", "a.b.example.com.");
        assertThat(page.isTruncated()).isTrue();
        assertThat(page.nextRecordName()).isEqualTo("c.example.com.");
        assertThat(page.nextRecordTypeAsString()).isEqualTo("A");
        ListResourceRecordSetsResponse rest = await(route53.listResourceRecordSets(b -> b.hostedZoneId(zoneId)
                .startRecordName(page.nextRecordName()).startRecordType(page.nextRecordType())));
        assertThat(rest.resourceRecordSets()).hasSize(2);
        assertThat(rest.isTruncated()).isFalse();
    }

    @Test
    void zonesAreListedAndFoundByName() {
        await(route53.createHostedZone(b -> b.name("a.example.com").callerReference("ref-2")));
        await(route53.createHostedZone(b -> b.name("example.org").callerReference("ref-3")));
        assertThat(await(route53.listHostedZones()).hostedZones()).extracting(z -> z.name())
                .containsExactly("example.com.", "a.example.com.", "example.org.");
        var byName = await(route53.listHostedZonesByName(b -> b.dnsName("example.com")));
        assertThat(byName.hostedZones()).extracting(z -> z.name())
                .containsExactly("example.com.", "a.example.com.", "example.org.");
        var paged = await(route53.listHostedZonesByName(b -> b.maxItems("1")));
        assertThat(paged.isTruncated()).isTrue();
        assertThat(paged.nextDNSName()).isEqualTo("a.example.com.");
    }

    @Test
    void badRequestsGetRoute53ErrorCodes() {
        AwsServiceException noZone = failure(route53.getHostedZone(b -> b.id("/hostedzone/ZNOPE")));
        assertThat(noZone).isInstanceOf(NoSuchHostedZoneException.class);
        assertThat(noZone.awsErrorDetails().errorCode()).isEqualTo("NoSuchHostedZone");
        assertThat(noZone.awsErrorDetails().errorMessage()).isEqualTo("No hosted zone found with ID: ZNOPE");

        assertThat(failure(submit(Change.builder().action(ChangeAction.CREATE).resourceRecordSet(
                ResourceRecordSet.builder().name("x.example.com").type(RRType.A).build()).build()))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidInput");
        assertThat(failure(submit(change(ChangeAction.CREATE, "www.other.com", RRType.A, 300, "10.0.0.1")))
                .awsErrorDetails().errorMessage()).isEqualTo("[RRSet with DNS name www.other.com. is not permitted in zone example.com.]");
        assertThat(failure(submit(change(ChangeAction.CREATE, "x.example.com", RRType.A, 300, "not-an-ip")))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidChangeBatch");
        assertThat(failure(submit(change(ChangeAction.CREATE, "example.com", RRType.CNAME, 300, "elsewhere.com")))
                .awsErrorDetails().errorMessage()).contains("is not permitted at apex");
        await(submit(change(ChangeAction.CREATE, "x.example.com", RRType.A, 300, "10.0.0.1")));
        assertThat(failure(submit(change(ChangeAction.CREATE, "x.example.com", RRType.CNAME, 300, "y.example.com")))
                .awsErrorDetails().errorMessage()).contains("conflicting RRSet of type A");
        assertThat(failure(route53.getChange(b -> b.id("/change/CNOPE"))).awsErrorDetails().errorCode())
                .isEqualTo("NoSuchChange");
        assertThat(failure(route53.deleteHostedZone(b -> b.id(zoneId))).awsErrorDetails().errorCode())
                .isEqualTo("HostedZoneNotEmpty");
    }
}

package dev.fleetops.sim.parity;

import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Route 53 hosted zones and record changes: what the simulated region and moto agree on. */
class Route53ParityTest {

    private static final String ZONE = "fleet.example.com.";
    private static final String WEB = "web-1.fleet.example.com.";

    @ParityTest
    void aNewHostedZoneHasAnIdAndItsNsAndSoaRecords(Backend backend) {
        var created = backend.await(backend.cloud().route53().createHostedZone(r -> r.name(ZONE)
                .callerReference("parity-1")));

        HostedZone zone = created.hostedZone();
        assertThat(zone.id()).isNotBlank();
        assertThat(zone.name()).isEqualTo(ZONE);
        assertThat(zone.callerReference()).isEqualTo("parity-1");
        assertThat(created.delegationSet().nameServers()).isNotEmpty();
        assertThat(types(records(backend, zone.id()))).contains(RRType.NS, RRType.SOA);

        HostedZone got = backend.await(backend.cloud().route53().getHostedZone(r -> r.id(zone.id()))).hostedZone();
        assertThat(got.name()).isEqualTo(ZONE);
    }

    @ParityTest
    void zoneAndChangeIdsComeBackBareAsTheSdkReturnsThem(Backend backend) {
        var created = backend.await(backend.cloud().route53().createHostedZone(r -> r.name(ZONE)
                .callerReference("parity-ids")));
        String zone = created.hostedZone().id();

        assertThat(zone).matches("[A-Z0-9]+");
        assertThat(created.changeInfo().id()).matches("[A-Z0-9]+");
        assertThat(created.location()).endsWith("/hostedzone/" + zone);
        assertThat(change(backend, zone, ChangeAction.CREATE, "10.0.0.1").id()).matches("[A-Z0-9]+");
        assertThat(backend.await(backend.cloud().route53().getHostedZone(r -> r.id(zone))).hostedZone().id())
                .isEqualTo(zone);
    }

    @ParityTest
    void recordsAreCreatedUpsertedAndDeleted(Backend backend) {
        String zone = createZone(backend);

        ChangeInfo created = change(backend, zone, ChangeAction.CREATE, "10.0.0.1");
        assertThat(created.status()).isIn(ChangeStatus.PENDING, ChangeStatus.INSYNC);
        backend.settle();
        assertThat(backend.await(backend.cloud().route53().getChange(r -> r.id(created.id()))).changeInfo()
                .status()).isEqualTo(ChangeStatus.INSYNC);
        assertThat(aRecord(backend, zone)).hasValueSatisfying(set -> {
            assertThat(set.ttl()).isEqualTo(60L);
            assertThat(set.resourceRecords()).extracting(ResourceRecord::value).containsExactly("10.0.0.1");
        });

        change(backend, zone, ChangeAction.UPSERT, "10.0.0.2");
        assertThat(aRecord(backend, zone)).hasValueSatisfying(set ->
                assertThat(set.resourceRecords()).extracting(ResourceRecord::value).containsExactly("10.0.0.2"));

        change(backend, zone, ChangeAction.DELETE, "10.0.0.2");
        assertThat(aRecord(backend, zone)).isEmpty();
    }

    @ParityTest
    void creatingARecordThatExistsIsAnInvalidChangeBatch(Backend backend) {
        String zone = createZone(backend);
        change(backend, zone, ChangeAction.CREATE, "10.0.0.1");

        // The very same CREATE again: moto only rejects an identical repeat (AWS rejects any CREATE of an
        // existing name and type, whatever its values).
        assertThat(backend.errorCode(backend.cloud().route53().changeResourceRecordSets(r -> r.hostedZoneId(zone)
                .changeBatch(b -> b.changes(aChange(ChangeAction.CREATE, "10.0.0.1"))))))
                .isEqualTo("InvalidChangeBatch");
        if (backend.isSim()) {
            assertThat(backend.errorCode(backend.cloud().route53().changeResourceRecordSets(r -> r
                    .hostedZoneId(zone).changeBatch(b -> b.changes(aChange(ChangeAction.CREATE, "10.0.0.9"))))))
                    .isEqualTo("InvalidChangeBatch");
        }
        assertThat(aRecord(backend, zone)).hasValueSatisfying(set ->
                assertThat(set.resourceRecords()).extracting(ResourceRecord::value).containsExactly("10.0.0.1"));
    }

    @ParityTest
    void anUnknownHostedZoneDoesNotExist(Backend backend) {
        assertThat(backend.errorCode(backend.cloud().route53().getHostedZone(r -> r.id("Z0123456789ABCDEFGHIJ"))))
                .isEqualTo("NoSuchHostedZone");
    }

    private static String createZone(Backend backend) {
        return backend.await(backend.cloud().route53().createHostedZone(r -> r.name(ZONE)
                .callerReference("parity-zone"))).hostedZone().id();
    }

    private static ChangeInfo change(Backend backend, String zone, ChangeAction action, String ip) {
        return backend.await(backend.cloud().route53().changeResourceRecordSets(r -> r.hostedZoneId(zone)
                .changeBatch(b -> b.changes(aChange(action, ip))))).changeInfo();
    }

    private static Change aChange(ChangeAction action, String ip) {
        return Change.builder().action(action).resourceRecordSet(s -> s.name(WEB).type(RRType.A).ttl(60L)
                .resourceRecords(ResourceRecord.builder().value(ip).build())).build();
    }

    private static List<ResourceRecordSet> records(Backend backend, String zone) {
        return backend.await(backend.cloud().route53().listResourceRecordSets(r -> r.hostedZoneId(zone)))
                .resourceRecordSets();
    }

    private static Optional<ResourceRecordSet> aRecord(Backend backend, String zone) {
        return records(backend, zone).stream().filter(s -> s.name().equals(WEB) && s.type() == RRType.A).findFirst();
    }

    private static List<RRType> types(List<ResourceRecordSet> sets) {
        return sets.stream().map(ResourceRecordSet::type).toList();
    }
}

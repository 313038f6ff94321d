package dev.fleetops.sim.wire;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A protocol that keeps an object's XML answers exactly what one that keeps nothing answers: on the first answer
 * (written and kept), on the next (the kept bytes, not written again), and for a changed object (a new one).
 */
class FragmentsTest {

    private static final String EC2 = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private static Instance instance(String id, InstanceStateName state, String tagValue) {
        return Instance.builder().instanceId(id).instanceType("t3.micro").state(s -> s.code(16).name(state))
                .launchTime(Instant.parse("2026-01-05T09:00:01.250Z")).privateIpAddress("10.0.1.7")
                .placement(p -> p.availabilityZone("us-east-1a")).securityGroups(g -> g.groupId("sg-1").groupName("default"))
                .tags(Tag.builder().key("Name").value(tagValue).build(), Tag.builder().key("env").value("prod").build()).build();
    }

    private static DescribeInstancesResponse answer(Instance... instances) {
        return DescribeInstancesResponse.builder().reservations(Reservation.builder().reservationId("r-1").ownerId("123456789012")
                .instances(instances).build()).build();
    }

    @Test
    void keptXmlIsByteForByteTheFreshEncoding() {
        Fragments fragments = Fragments.of(Instance.class);
        QueryProtocol keeping = new QueryProtocol(EC2, true, QueryNames.MODEL, fragments);
        QueryProtocol fresh = new QueryProtocol(EC2, true);
        Instance a = instance("i-a", InstanceStateName.RUNNING, "caf\u00e9 \u2615 & <b> \"q\"\r");
        Instance b = instance("i-b", InstanceStateName.RUNNING, "web");
        DescribeInstancesResponse r = answer(a, b);

        byte[] first = keeping.answer("DescribeInstances", r, "id-1").body();
        assertThat(fragments.get(a)).as("kept after the first answer").isNotNull();
        assertThat(first).isEqualTo(fresh.answer("DescribeInstances", r, "id-1").body());
        byte[] second = keeping.answer("DescribeInstances", r, "id-2").body();
        assertThat(second).isEqualTo(fresh.answer("DescribeInstances", r, "id-2").body());
        assertThat(new String(second, java.nio.charset.StandardCharsets.UTF_8)).contains("caf\u00e9 \u2615 &amp; &lt;b&gt; &quot;q&quot;&#xD;");

        Instance stopped = a.toBuilder().state(s -> s.code(80).name(InstanceStateName.STOPPED)).build();
        DescribeInstancesResponse changed = answer(stopped, b);
        assertThat(keeping.answer("DescribeInstances", changed, "id-3").body())
                .isEqualTo(fresh.answer("DescribeInstances", changed, "id-3").body());
        String text = keeping.answer("DescribeInstances", changed, "id-4").text();
        assertThat(text).contains("<name>stopped</name>");
        assertThat(text.split("<name>running</name>", -1)).as("only i-b runs").hasSize(2);
    }

    @Test
    void anAnswerWritesTheKeptTextOfAnObjectNotItsMembersAgain() {
        Fragments fragments = Fragments.of(Instance.class);
        QueryProtocol keeping = new QueryProtocol(EC2, true, QueryNames.MODEL, fragments);
        Instance a = instance("i-a", InstanceStateName.RUNNING, "web");
        fragments.keep(a, "<instanceId>kept</instanceId>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(keeping.answer("DescribeInstances", answer(a), "id-1").text()).contains("<item><instanceId>kept</instanceId></item>");
        assertThat(keeping.answer("DescribeInstances", answer(instance("i-a", InstanceStateName.RUNNING, "web")), "id-2").text())
                .as("an equal but other object is encoded afresh").doesNotContain("kept").contains("<instanceId>i-a</instanceId>");
    }

    @Test
    void onlyTheNamedClassesAreKept() {
        Fragments fragments = Fragments.of(Instance.class);
        Reservation r = Reservation.builder().reservationId("r-1").build();
        assertThat(fragments.keeps(r)).isFalse();
        assertThat(fragments.keeps(instance("i-a", InstanceStateName.RUNNING, "web"))).isTrue();
        assertThat(Fragments.NONE.keeps(instance("i-a", InstanceStateName.RUNNING, "web"))).isFalse();
    }
}

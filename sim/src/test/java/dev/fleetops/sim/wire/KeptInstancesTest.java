package dev.fleetops.sim.wire;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sim serve keeps each instance's XML while the instance is unchanged (Fragments): its DescribeInstances answer
 * must be, byte for byte, the answer encoded afresh from the same region called in-process (same scenario, seed and
 * changes), after every kind of change an instance goes through, on the first answer after it and the next.
 */
class KeptInstancesTest {

    private static final long SEED = 11;
    private static final Pattern REQUEST_ID = Pattern.compile("<requestId>([^<]+)</requestId>");

    private TwinRegions twins;

    @BeforeEach
    void start() {
        twins = new TwinRegions("web", SEED);
    }

    @AfterEach
    void stop() {
        twins.close();
    }

    private String wireDescribe() {
        HttpResponse<String> r = twins.served.send(HttpRequest.newBuilder(twins.served.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeInstances&Version=2016-11-15")).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /**
     * Both wire answers (the first after a change, then one more) against a fresh encoding of the in-process answer;
     * returns the in-process answer's instance {@code id} (or the first), to say what the change was.
     */
    private Instance answersAsEncodedAfresh(String id) {
        DescribeInstancesResponse here = twins.local.scheduler().await(twins.local.cloud().client(Ec2AsyncClient.class)
                .describeInstances(b -> { }), Duration.ofMinutes(1));
        QueryProtocol fresh = new QueryProtocol("http://ec2.amazonaws.com/doc/2016-11-15/", true); // keeps nothing
        for (int n = 0; n < 2; n++) {
            String there = wireDescribe();
            Matcher requestId = REQUEST_ID.matcher(there);
            assertThat(requestId.find()).as(there).isTrue();
            assertThat(there).isEqualTo(fresh.answer("DescribeInstances", here, requestId.group(1)).text());
        }
        return here.reservations().stream().flatMap(r -> r.instances().stream())
                .filter(i -> id == null || i.instanceId().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> tagKeys(Instance i) {
        return i.tags().stream().map(Tag::key).toList();
    }

    @Test
    void describeInstancesOverTheWireIsTheFreshEncodingAfterEveryChange() {
        assertThat(answersAsEncodedAfresh(null).state().name()).isEqualTo(InstanceStateName.PENDING);
        twins.advance(300);
        Instance running = answersAsEncodedAfresh(null);
        assertThat(running.state().name()).isEqualTo(InstanceStateName.RUNNING);
        String id = running.instanceId();

        twins.both(Ec2AsyncClient.class, c -> c.createTags(b -> b.resources(id).tags(Tag.builder().key("owner").value("\u00fcn\u00efcode & <xml>").build())));
        assertThat(answersAsEncodedAfresh(id).tags()).contains(Tag.builder().key("owner").value("\u00fcn\u00efcode & <xml>").build());
        twins.both(Ec2AsyncClient.class, c -> c.deleteTags(b -> b.resources(id).tags(Tag.builder().key("owner").build())));
        assertThat(tagKeys(answersAsEncodedAfresh(id))).doesNotContain("owner");

        // Auto Scaling drops its group tag once the detached instance has drained (no API call of EC2's)
        twins.both(AutoScalingAsyncClient.class, c -> c.detachInstances(b -> b.autoScalingGroupName("web").instanceIds(id)
                .shouldDecrementDesiredCapacity(true)));
        twins.advance(600);
        assertThat(tagKeys(answersAsEncodedAfresh(id))).doesNotContain("aws:autoscaling:groupName");

        twins.both(Ec2AsyncClient.class, c -> c.stopInstances(b -> b.instanceIds(id)));
        Instance stopping = answersAsEncodedAfresh(id);
        assertThat(stopping.state().name()).isEqualTo(InstanceStateName.STOPPING);
        assertThat(stopping.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
        twins.advance(300);
        assertThat(answersAsEncodedAfresh(id).state().name()).isEqualTo(InstanceStateName.STOPPED);
        twins.both(Ec2AsyncClient.class, c -> c.modifyInstanceAttribute(b -> b.instanceId(id).instanceType(t -> t.value("m5.large"))));
        assertThat(answersAsEncodedAfresh(id).instanceTypeAsString()).isEqualTo("m5.large");
        twins.both(Ec2AsyncClient.class, c -> c.terminateInstances(b -> b.instanceIds(id)));
        assertThat(answersAsEncodedAfresh(id).state().name()).isEqualTo(InstanceStateName.SHUTTING_DOWN);
    }
}

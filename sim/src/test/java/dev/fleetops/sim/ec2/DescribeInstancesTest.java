package dev.fleetops.sim.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DescribeInstancesTest extends Ec2TestSupport {

    private List<String> idsOf(DescribeInstancesResponse r) {
        return r.reservations().stream().flatMap(x -> x.instances().stream()).map(Instance::instanceId).toList();
    }

    private List<String> filtered(Filter... filters) {
        return idsOf(call(ec2.describeInstances(b -> b.filters(filters))));
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private String runTagged(String name, String env) {
        return call(ec2.runInstances(runRequest().tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                .tags(Tag.builder().key("Name").value(name).build(), Tag.builder().key("env").value(env).build()))
                .build())).instances().get(0).instanceId();
    }

    @Test
    void groupsInstancesByReservationInLaunchOrder() {
        List<String> first = ids(run(2));
        List<String> second = ids(run(1));

        List<Reservation> rs = call(ec2.describeInstances(DescribeInstancesRequest.builder().build())).reservations();

        assertThat(rs).hasSize(2);
        assertThat(rs.get(0).instances()).extracting(Instance::instanceId).isEqualTo(first);
        assertThat(rs.get(1).instances()).extracting(Instance::instanceId).isEqualTo(second);
        assertThat(rs.get(0).ownerId()).isEqualTo("123456789012");
    }

    @Test
    void filtersByIdStateTagsAndAddress() {
        String web1 = runTagged("web-1", "prod");
        String web2 = runTagged("web-2", "staging");
        String db = runTagged("db", "prod");
        advance(Duration.ofMinutes(1));
        call(ec2.stopInstances(b -> b.instanceIds(db)));

        assertThat(filtered(filter("instance-id", web2))).containsExactly(web2);
        assertThat(filtered(filter("instance-state-name", "running"))).containsExactly(web1, web2);
        assertThat(filtered(filter("instance-state-name", "stopping", "stopped"))).containsExactly(db);
        assertThat(filtered(filter("instance-state-code", "64"))).containsExactly(db);
        assertThat(filtered(filter("tag:env", "prod"))).containsExactly(web1, db);
        assertThat(filtered(filter("tag:Name", "web-*"))).containsExactly(web1, web2);
        assertThat(filtered(filter("tag:Name", "web-?"), filter("tag:env", "prod"))).containsExactly(web1);
        assertThat(filtered(filter("tag-key", "env"))).containsExactly(web1, web2, db);
        assertThat(filtered(filter("tag-value", "staging"))).containsExactly(web2);
        assertThat(filtered(filter("tag:missing", "*"))).isEmpty();
        assertThat(filtered(filter("private-ip-address", "10.0.0.5"))).containsExactly(web2);
        assertThat(filtered(filter("availability-zone", "us-east-1a"))).hasSize(3);
        assertThat(idsOf(call(ec2.describeInstances(b -> b.instanceIds(db, web1)
                .filters(filter("instance-state-name", "running")))))).containsExactly(web1);
    }

    @Test
    void unknownAndMalformedIdsFailTheCall() {
        String known = runOne();
        var one = failure(ec2.describeInstances(b -> b.instanceIds(known, "i-0123456789abcdef0")));
        assertThat(code(one)).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(one.awsErrorDetails().errorMessage()).isEqualTo("The instance ID 'i-0123456789abcdef0' does not exist");

        var two = failure(ec2.describeInstances(b -> b.instanceIds("i-0123456789abcdef0", "i-0123456789abcdef1")));
        assertThat(two.awsErrorDetails().errorMessage())
                .isEqualTo("The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist");

        var malformed = failure(ec2.describeInstances(b -> b.instanceIds("i-xyz")));
        assertThat(code(malformed)).isEqualTo("InvalidInstanceID.Malformed");
        assertThat(malformed.awsErrorDetails().errorMessage()).isEqualTo("Invalid id: \"i-xyz\" (expecting \"i-...\")");
    }

    @Test
    void rejectsBadParameters() {
        String id = runOne();
        assertThat(code(failure(ec2.describeInstances(b -> b.instanceIds(id).maxResults(10)))))
                .isEqualTo("InvalidParameterCombination");
        assertThat(code(failure(ec2.describeInstances(b -> b.maxResults(4))))).isEqualTo("InvalidParameterValue");
        assertThat(code(failure(ec2.describeInstances(b -> b.maxResults(1001))))).isEqualTo("InvalidParameterValue");
        assertThat(code(failure(ec2.describeInstances(b -> b.nextToken("garbage"))))).isEqualTo("InvalidParameterValue");
        var badFilter = failure(ec2.describeInstances(b -> b.filters(filter("colour", "blue"))));
        assertThat(code(badFilter)).isEqualTo("InvalidParameterValue");
        assertThat(badFilter.awsErrorDetails().errorMessage()).isEqualTo("The filter 'colour' is invalid");
    }

    @Test
    void paginatesWithMaxResultsAndNextToken() {
        List<String> all = ids(run(12));
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String t = token;
            DescribeInstancesResponse page = call(ec2.describeInstances(b -> b.maxResults(5).nextToken(t)));
            List<String> ids = idsOf(page);
            assertThat(ids.size()).isLessThanOrEqualTo(5);
            seen.addAll(ids);
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(all);
    }

    @Test
    void pagesStayStableWhileInstancesComeAndGo() {
        List<String> all = ids(run(10));
        var first = call(ec2.describeInstances(b -> b.maxResults(5)));
        call(ec2.terminateInstances(b -> b.instanceIds(all.get(1))));
        advance(Duration.ofHours(2)); // the terminated one drops out meanwhile
        String newer = runOne();

        var second = call(ec2.describeInstances(b -> b.maxResults(5).nextToken(first.nextToken())));
        var third = call(ec2.describeInstances(b -> b.maxResults(5).nextToken(second.nextToken())));

        assertThat(idsOf(second)).isEqualTo(all.subList(5, 10));
        assertThat(idsOf(third)).containsExactly(newer);
        assertThat(third.nextToken()).isNull();
    }
}

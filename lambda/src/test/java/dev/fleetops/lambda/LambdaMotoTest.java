package dev.fleetops.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.json.Json;
import dev.fleetops.testing.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.route53.model.RRType;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function classes against moto (real SDK clients, real time). Moto creates Auto Scaling instances InService
 * at once and has no target groups here, so this checks the capacity guard, the detach and the Route 53 cleanup
 * on the AWS code path; draining and hooks are proved on the simulator (moto does not model them, moto.md).
 */
@ExtendWith(MotoServerExtension.class)
class LambdaMotoTest {

    private static AutoScalingGroup group(Cloud cloud) {
        return cloud.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("web")).join()
                .autoScalingGroups().get(0);
    }

    private static void webGroup(Cloud cloud, int desired) {
        cloud.ec2().createLaunchTemplate(b -> b.launchTemplateName("web").launchTemplateData(d -> d
                .imageId("ami-12c6146b").instanceType("t3.micro"))).join();
        cloud.autoScaling().createAutoScalingGroup(b -> b.autoScalingGroupName("web").minSize(1).maxSize(4)
                .desiredCapacity(desired).availabilityZones("us-east-1a")
                .launchTemplate(t -> t.launchTemplateName("web").version("$Latest"))).join();
    }

    @Test
    void theSpotWarningScalesOutThenDetachesWithoutDecrement(Cloud cloud) throws Exception {
        webGroup(cloud, 2);
        FleetopsFunction.configure(() -> cloud, LambdaFixtures.SPOT_RULES, Optional.empty());
        String victim = group(cloud).instances().get(0).instanceId();

        String out = LambdaFixtures.invoke(new EventBridgeFunction(), LambdaFixtures.seed003(victim, Instant.now().toString()));

        JsonNode record = Json.parse(out).path("Records").get(0);
        assertThat(record.path("Status").asText()).as(out).isEqualTo("Success");
        assertThat(record.path("ApiCalls").toString()).contains("\"Operation\":\"SetDesiredCapacity\"",
                "\"DesiredCapacity\":\"3\"", "\"Operation\":\"DetachInstances\"");
        AutoScalingGroup g = group(cloud);
        assertThat(g.desiredCapacity()).isEqualTo(3);
        assertThat(g.instances()).noneMatch(i -> i.instanceId().equals(victim));
        Instance detached = cloud.ec2().describeInstances(b -> b.instanceIds(victim)).join().reservations().get(0)
                .instances().get(0);
        assertThat(detached.state().nameAsString()).isEqualTo("running"); // detached, not terminated
    }

    @Test
    void decommissionDeletesTheRecordOnceAndAReplayDoesNothingNew(Cloud cloud) throws Exception {
        String zoneId = cloud.route53().createHostedZone(b -> b.name("internal.example.com.").callerReference("t"))
                .join().hostedZone().id().replaceFirst("^/hostedzone/", "");
        Instance i = cloud.ec2().runInstances(b -> b.imageId("ami-12c6146b").instanceType("t3.micro").minCount(1)
                .maxCount(1).tagSpecifications(t -> t.resourceType("instance").tags(x -> x.key("Name").value("web-1"))))
                .join().instances().get(0);
        cloud.route53().changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(cb -> cb.changes(c -> c
                .action("CREATE").resourceRecordSet(r -> r.name("web-1.internal.example.com.").type(RRType.A).ttl(60L)
                        .resourceRecords(v -> v.value(i.privateIpAddress())))))).join();
        FleetopsFunction.configure(() -> cloud, """
                rules:
                  - name: decommission
                    pattern: {source: [aws.ec2], detail-type: [EC2 Instance State-change Notification]}
                    handler: decommission
                    settings:
                      route53: {zone-id: %s, record: "{name}.internal.example.com"}
                """.formatted(zoneId), Optional.empty());
        String running = LambdaFixtures.example("seed002-terminated.json").replace("i-abcd1111", i.instanceId())
                .replace("\"state\":\"terminated\"", "\"state\":\"running\"").replace("7bf73129", "0bf73129");
        String terminated = LambdaFixtures.example("seed002-terminated.json").replace("i-abcd1111", i.instanceId());

        LambdaFixtures.invoke(new EventBridgeFunction(), running);
        cloud.ec2().terminateInstances(b -> b.instanceIds(i.instanceId())).join();
        JsonNode first = Json.parse(LambdaFixtures.invoke(new EventBridgeFunction(), terminated)).path("Records").get(0);
        JsonNode replay = Json.parse(LambdaFixtures.invoke(new EventBridgeFunction(), terminated)).path("Records").get(0);

        assertThat(first.path("Notes").toString()).contains("route53: deleted A web-1.internal.example.com.");
        assertThat(cloud.route53().listResourceRecordSets(b -> b.hostedZoneId(zoneId)).join().resourceRecordSets())
                .noneMatch(r -> r.type() == RRType.A);
        assertThat(replay.path("ApiCalls")).isEmpty();
        assertThat(replay.path("Notes").toString()).contains("duplicate: event 7bf73129-1428-4cd3-a780-95db273d1602 was already handled");
    }
}

package dev.fleetops.sim.wire;

import dev.fleetops.json.SdkJson;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.CreateAutoScalingGroupRequest;
import software.amazon.awssdk.services.autoscaling.model.PutScheduledUpdateGroupActionRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ImportKeyPairRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.CreateHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The codecs against the SDK's own marshallers: a request as a real SDK v2 client marshals it (caught before it is
 * sent) decodes to the request the client was given, member for member: nested structures, lists of structures with
 * lists inside, maps of lists, timestamps, blobs, booleans and numbers, in each protocol.
 */
class WireCodecTest {

    private static final QueryProtocol EC2 = new QueryProtocol("http://ec2.amazonaws.com/doc/2016-11-15/", true);
    private static final QueryProtocol QUERY = new QueryProtocol("http://autoscaling.amazonaws.com/doc/2011-01-01/", false);
    // each query service checks the Version its requests carry
    private static final QueryProtocol ELBV2 = new QueryProtocol("http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", false);
    private static final QueryProtocol STS = new QueryProtocol("https://sts.amazonaws.com/doc/2011-06-15/", false);
    private static final JsonProtocol JSON = new JsonProtocol("1.1", "AmazonSSM");

    private static void roundTrips(WireProtocol protocol, WireRequest sent, SdkPojo original, String operation) {
        assertThat(protocol instanceof JsonProtocol ? sent.header("x-amz-target").replaceAll(".*\\.", "")
                : protocol.operation(sent)).isEqualTo(operation);
        Object decoded = protocol.decode(sent, (SdkPojo) builderOf(original));
        assertThat(SdkJson.toJson((SdkPojo) decoded)).isEqualTo(SdkJson.toJson(original));
        assertThat(decoded).isEqualTo(original);
    }

    private static Object builderOf(SdkPojo request) {
        try {
            return request.getClass().getMethod("builder").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ec2RunInstancesWithNestedListsDecodesAsSent() {
        RunInstancesRequest r = RunInstancesRequest.builder().imageId("ami-0abcdef1234567890").instanceType("t3.micro")
                .minCount(1).maxCount(3).clientToken("token-1").ebsOptimized(false).securityGroupIds("sg-1", "sg-2")
                .tagSpecifications(TagSpecification.builder().resourceType("instance")
                        .tags(Tag.builder().key("Name").value("a & b <c>").build(), Tag.builder().key("team").value("=x").build()).build())
                .instanceMarketOptions(m -> m.marketType("spot").spotOptions(s -> s.maxPrice("0.05")))
                .launchTemplate(l -> l.launchTemplateName("web").version("$Latest"))
                .userData("IyEvYmluL2Jhc2gK").build();
        roundTrips(EC2, Captured.of(Ec2Client.builder(), c -> c.runInstances(r)), r, "RunInstances");
    }

    @Test
    void ec2FiltersAndIdListsAreFlattened() {
        DescribeInstancesRequest r = DescribeInstancesRequest.builder().instanceIds("i-1", "i-2")
                .filters(Filter.builder().name("tag:Name").values("web", "api").build(),
                        Filter.builder().name("instance-state-name").values("running").build()).maxResults(5).build();
        WireRequest sent = Captured.of(Ec2Client.builder(), c -> c.describeInstances(r));
        assertThat(sent.form()).containsEntry("Filter.1.Value.2", "api").containsEntry("InstanceId.2", "i-2");
        roundTrips(EC2, sent, r, "DescribeInstances");
    }

    @Test
    void ec2BlobsAreBase64() {
        ImportKeyPairRequest r = ImportKeyPairRequest.builder().keyName("k")
                .publicKeyMaterial(SdkBytes.fromUtf8String("ssh-ed25519 AAAA test")).build();
        roundTrips(EC2, Captured.of(Ec2Client.builder(), c -> c.importKeyPair(r)), r, "ImportKeyPair");
    }

    @Test
    void queryListsUseMemberAndStructuresNest() {
        CreateAutoScalingGroupRequest r = CreateAutoScalingGroupRequest.builder().autoScalingGroupName("web")
                .minSize(1).maxSize(6).desiredCapacity(3).availabilityZones("us-east-1a", "us-east-1b")
                .targetGroupARNs("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/1")
                .launchTemplate(l -> l.launchTemplateName("web").version("1")).capacityRebalance(true)
                .tags(t -> t.key("Name").value("web").propagateAtLaunch(true)).build();
        WireRequest sent = Captured.of(AutoScalingClient.builder(), c -> c.createAutoScalingGroup(r));
        assertThat(sent.form()).containsEntry("AvailabilityZones.member.2", "us-east-1b");
        roundTrips(QUERY, sent, r, "CreateAutoScalingGroup");
    }

    @Test
    void queryTimestampsAreIso8601() {
        PutScheduledUpdateGroupActionRequest r = PutScheduledUpdateGroupActionRequest.builder().autoScalingGroupName("web")
                .scheduledActionName("night").startTime(Instant.parse("2026-01-05T22:00:00.250Z")).desiredCapacity(1).build();
        roundTrips(QUERY, Captured.of(AutoScalingClient.builder(), c -> c.putScheduledUpdateGroupAction(r)), r,
                "PutScheduledUpdateGroupAction");
    }

    @Test
    void elbv2ListsOfStructuresDecodeAsSent() {
        ModifyTargetGroupAttributesRequest r = ModifyTargetGroupAttributesRequest.builder().targetGroupArn("arn:tg")
                .attributes(a -> a.key("deregistration_delay.timeout_seconds").value("30"), a -> a.key("stickiness.enabled").value("true"))
                .build();
        roundTrips(ELBV2, Captured.of(ElasticLoadBalancingV2Client.builder(), c -> c.modifyTargetGroupAttributes(r)), r,
                "ModifyTargetGroupAttributes");
    }

    @Test
    void stsGetCallerIdentityHasNoMembers() {
        GetCallerIdentityRequest r = GetCallerIdentityRequest.builder().build();
        roundTrips(STS, Captured.of(StsClient.builder(), c -> c.getCallerIdentity(r)), r, "GetCallerIdentity");
    }

    @Test
    void jsonMapsOfListsAndStructuresDecodeAsSent() {
        SendCommandRequest r = SendCommandRequest.builder().documentName("AWS-RunShellScript").instanceIds("i-1")
                .parameters(Map.of("commands", List.of("echo hi", "exit 194"))).timeoutSeconds(600).maxConcurrency("50%")
                .targets(t -> t.key("tag:Name").values("web")).cloudWatchOutputConfig(c -> c.cloudWatchOutputEnabled(true)).build();
        roundTrips(JSON, Captured.of(SsmClient.builder(), c -> c.sendCommand(r)), r, "SendCommand");
    }

    @Test
    void jsonTimestampsAreEpochSeconds() {
        PutEventsRequest r = PutEventsRequest.builder().entries(e -> e.source("app").detailType("t").detail("{\"a\":1}")
                .time(Instant.parse("2026-01-05T09:00:01.500Z")).resources("arn:x")).build();
        WireRequest sent = Captured.of(EventBridgeClient.builder(), c -> c.putEvents(r));
        assertThat(sent.bodyText()).contains("1767603601.5");
        roundTrips(new JsonProtocol("1.1", "AWSEvents"), sent, r, "PutEvents");
    }

    @Test
    void restXmlRoutesByMethodAndPathAndReadsLabelsQueryAndBody() {
        RestXmlProtocol route53 = new RestXmlProtocol("https://route53.amazonaws.com/doc/2013-04-01/",
                dev.fleetops.cloud.api.ApiCatalog.standard().requireService("route53"), RestXmlProtocol.route53Ids());
        ChangeResourceRecordSetsRequest change = ChangeResourceRecordSetsRequest.builder().hostedZoneId("Z123")
                .changeBatch(b -> b.comment("wire").changes(c -> c.action("UPSERT").resourceRecordSet(rr -> rr
                        .name("web.example.com.").type("A").ttl(60L).resourceRecords(v -> v.value("10.0.0.1"), v -> v.value("10.0.0.2")))))
                .build();
        WireRequest sent = Captured.of(Route53Client.builder(), c -> c.changeResourceRecordSets(change));
        assertThat(route53.operation(sent)).isEqualTo("ChangeResourceRecordSets");
        assertThat(route53.decode(sent, (SdkPojo) ChangeResourceRecordSetsRequest.builder())).isEqualTo(change);
        ListResourceRecordSetsRequest list = ListResourceRecordSetsRequest.builder().hostedZoneId("Z123")
                .startRecordName("web.example.com.").startRecordType("A").maxItems("5").build();
        WireRequest listed = Captured.of(Route53Client.builder(), c -> c.listResourceRecordSets(list));
        assertThat(route53.operation(listed)).isEqualTo("ListResourceRecordSets");
        assertThat(route53.decode(listed, (SdkPojo) ListResourceRecordSetsRequest.builder())).isEqualTo(list);
        CreateHostedZoneRequest create = CreateHostedZoneRequest.builder().name("example.com").callerReference("r-1")
                .hostedZoneConfig(h -> h.comment("c").privateZone(false)).build();
        WireRequest created = Captured.of(Route53Client.builder(), c -> c.createHostedZone(create));
        assertThat(route53.operation(created)).isEqualTo("CreateHostedZone");
        assertThat(route53.decode(created, (SdkPojo) CreateHostedZoneRequest.builder())).isEqualTo(create);
    }

    @Test
    void malformedMembersAreTheProtocolsOwnErrors() {
        WireRequest ec2 = new WireRequest("POST", "/", null, Map.of("content-type", "application/x-www-form-urlencoded"),
                "Action=DescribeInstances&Version=2016-11-15&MaxResults=many".getBytes());
        assertThatThrownBy(() -> EC2.decode(ec2, (SdkPojo) DescribeInstancesRequest.builder()))
                .isInstanceOfSatisfying(BadRequest.class, b -> assertThat(b.code()).isEqualTo("InvalidParameterValue"))
                .hasMessageContaining("MaxResults");
        WireRequest json = new WireRequest("POST", "/", null, Map.of("x-amz-target", "AmazonSSM.SendCommand"),
                "{\"DocumentName\": 5}".getBytes());
        assertThatThrownBy(() -> JSON.decode(json, (SdkPojo) SendCommandRequest.builder()))
                .isInstanceOfSatisfying(BadRequest.class, b -> assertThat(b.code()).isEqualTo("SerializationException"))
                .hasMessageContaining("DocumentName");
        WireRequest notJson = new WireRequest("POST", "/", null, Map.of(), "{".getBytes());
        assertThatThrownBy(() -> JSON.decode(notJson, (SdkPojo) SendCommandRequest.builder()))
                .isInstanceOfSatisfying(BadRequest.class, b -> assertThat(b.code()).isEqualTo("SerializationException"));
    }
}

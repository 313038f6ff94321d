package dev.fleetops.sim.wire;

import dev.fleetops.json.SdkJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same scenario and seed twice: one region called in-process, one served over HTTP and called by real SDK v2
 * clients. Every answer must be the same, member for member; time moves in both only by the same advances.
 */
class WireParityTest {

    private static final long SEED = 7;

    private TwinRegions twins;

    @BeforeEach
    void start() {
        twins = new TwinRegions("web", SEED);
    }

    @AfterEach
    void stop() {
        twins.close();
    }

    // Run calls name their ClientToken: a real SDK client fills an empty one with a fresh UUID (the model marks it
    // the idempotency token), the in-process client leaves it empty.

    /** The call on both regions; asserts the answers are equal and returns the in-process one. */
    private <C extends software.amazon.awssdk.core.SdkClient, R extends SdkPojo> R same(Class<C> client, Function<C, CompletableFuture<R>> call) {
        TwinRegions.Answers<R> a = twins.both(client, call);
        assertThat(SdkJson.toJson(a.wire())).isEqualTo(SdkJson.toJson(a.local()));
        return a.local();
    }

    @Test
    void describeInstancesAnswersTheSameOverTheWire() {
        twins.advance(300);
        var r = same(Ec2AsyncClient.class, c -> c.describeInstances(b -> { }));
        assertThat(r.reservations()).isNotEmpty();
    }

    @Test
    void runAndTerminateInstancesAnswerTheSameOverTheWire() {
        var run = same(Ec2AsyncClient.class, c -> c.runInstances(b -> b.imageId("ami-0abcdef1234567890").instanceType("t3.micro")
                .minCount(2).maxCount(2).clientToken("wire-1").tagSpecifications(t -> t.resourceType("instance").tags(
                        Tag.builder().key("Name").value("extra").build(), Tag.builder().key("team").value("wire").build()))));
        assertThat(run.instances()).hasSize(2);
        twins.advance(60);
        var ids = run.instances().stream().map(i -> i.instanceId()).toList();
        var described = same(Ec2AsyncClient.class, c -> c.describeInstances(b -> b.filters(
                Filter.builder().name("tag:team").values("wire").build(), Filter.builder().name("instance-state-name").values("running").build())));
        assertThat(described.reservations().get(0).instances()).extracting(i -> i.instanceId()).containsExactlyInAnyOrderElementsOf(ids);
        var terminated = same(Ec2AsyncClient.class, c -> c.terminateInstances(b -> b.instanceIds(ids)));
        assertThat(terminated.terminatingInstances()).extracting(i -> i.currentState().nameAsString()).containsOnly("shutting-down");
        twins.advance(120);
        same(Ec2AsyncClient.class, c -> c.describeInstances(b -> b.instanceIds(ids)));
    }

    @Test
    void autoScalingGroupsAndSetDesiredCapacityAnswerTheSameOverTheWire() {
        twins.advance(300);
        var groups = same(AutoScalingAsyncClient.class, c -> c.describeAutoScalingGroups(b -> b.autoScalingGroupNames("web")));
        assertThat(groups.autoScalingGroups()).singleElement().satisfies(g -> assertThat(g.instances()).hasSize(3));
        same(AutoScalingAsyncClient.class, c -> c.setDesiredCapacity(b -> b.autoScalingGroupName("web").desiredCapacity(5)));
        twins.advance(300);
        var after = same(AutoScalingAsyncClient.class, c -> c.describeAutoScalingGroups(b -> b.autoScalingGroupNames("web")));
        assertThat(after.autoScalingGroups().get(0).instances()).hasSize(5)
                .allSatisfy(i -> assertThat(i.lifecycleStateAsString()).isEqualTo("InService"));
        same(AutoScalingAsyncClient.class, c -> c.describeAutoScalingInstances(b -> { }));
    }

    @Test
    void targetHealthAndRegisterTargetsAnswerTheSameOverTheWire() {
        twins.advance(300);
        var tgs = same(ElasticLoadBalancingV2AsyncClient.class, c -> c.describeTargetGroups(b -> b.names("web-tg")));
        String arn = tgs.targetGroups().get(0).targetGroupArn();
        var health = same(ElasticLoadBalancingV2AsyncClient.class, c -> c.describeTargetHealth(b -> b.targetGroupArn(arn)));
        assertThat(health.targetHealthDescriptions()).hasSize(3).allSatisfy(d -> assertThat(d.targetHealth().stateAsString()).isEqualTo("healthy"));
        var run = same(Ec2AsyncClient.class, c -> c.runInstances(b -> b.imageId("ami-0abcdef1234567890").instanceType("t3.micro")
                .minCount(1).maxCount(1).clientToken("wire-2")));
        twins.advance(60);
        String id = run.instances().get(0).instanceId();
        same(ElasticLoadBalancingV2AsyncClient.class, c -> c.registerTargets(b -> b.targetGroupArn(arn).targets(t -> t.id(id))));
        var initial = same(ElasticLoadBalancingV2AsyncClient.class, c -> c.describeTargetHealth(b -> b.targetGroupArn(arn)
                .targets(t -> t.id(id))));
        assertThat(initial.targetHealthDescriptions().get(0).targetHealth().stateAsString()).isEqualTo("initial");
        twins.advance(120);
        var healthy = same(ElasticLoadBalancingV2AsyncClient.class, c -> c.describeTargetHealth(b -> b.targetGroupArn(arn)));
        assertThat(healthy.targetHealthDescriptions()).hasSize(4);
    }

    @Test
    void sendCommandAndGetCommandInvocationAnswerTheSameOverTheWire() {
        twins.advance(300);
        var instances = same(Ec2AsyncClient.class, c -> c.describeInstances(b -> b.filters(
                Filter.builder().name("instance-state-name").values("running").build())));
        String id = instances.reservations().get(0).instances().get(0).instanceId();
        var sent = same(SsmAsyncClient.class, c -> c.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(id)
                .parameters(Map.of("commands", java.util.List.of("echo hello")))));
        String commandId = sent.command().commandId();
        twins.advance(60);
        var invocation = same(SsmAsyncClient.class, c -> c.getCommandInvocation(b -> b.commandId(commandId).instanceId(id)));
        assertThat(invocation.statusAsString()).isEqualTo("Success");
        same(SsmAsyncClient.class, c -> c.listCommands(b -> b.commandId(commandId)));
        same(SsmAsyncClient.class, c -> c.describeInstanceInformation(b -> { }));
    }

    @Test
    void sqsQueuesAndMessagesAnswerTheSameOverTheWire() {
        var created = same(SqsAsyncClient.class, c -> c.createQueue(b -> b.queueName("jobs").attributesWithStrings(
                Map.of("VisibilityTimeout", "30"))));
        String url = created.queueUrl();
        same(SqsAsyncClient.class, c -> c.sendMessage(b -> b.queueUrl(url).messageBody("hello wire")
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("test").build()))));
        var received = same(SqsAsyncClient.class, c -> c.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                .messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")));
        assertThat(received.messages()).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("hello wire"));
        String handle = received.messages().get(0).receiptHandle();
        same(SqsAsyncClient.class, c -> c.deleteMessage(b -> b.queueUrl(url).receiptHandle(handle)));
        same(SqsAsyncClient.class, c -> c.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("All")));
    }

    @Test
    void eventBridgeRulesAndPutEventsAnswerTheSameOverTheWire() {
        same(EventBridgeAsyncClient.class, c -> c.putRule(b -> b.name("spot").eventPattern(
                "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Spot Instance Interruption Warning\"]}")));
        same(EventBridgeAsyncClient.class, c -> c.listRules(b -> { }));
        var put = same(EventBridgeAsyncClient.class, c -> c.putEvents(b -> b.entries(e -> e.source("app").detailType("t")
                .detail("{\"a\":1}").time(java.time.Instant.parse("2026-01-05T09:00:01Z")))));
        assertThat(put.failedEntryCount()).isZero();
    }
}

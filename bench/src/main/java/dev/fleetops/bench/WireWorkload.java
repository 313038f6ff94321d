package dev.fleetops.bench;

import dev.fleetops.cloud.Cloud;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same resources made through the same API calls on each endpoint (the simulator, moto): 100 instances, a
 * target group with {@value #TARGETS} of them registered, one SQS queue (made through the async SDK clients of
 * fleetops's AWS path); and the three measured calls on them.
 */
final class WireWorkload {

    static final int INSTANCES = 100;
    static final int TARGETS = 10;
    /** Amazon Linux 2, one of moto's built-in images; the simulator accepts any AMI id. */
    private static final String AMI = "ami-05448533fbe614dce";

    /**
     * A measured call: a name for the rows, the requests it sends in turn, and what each one's answer must hold
     * (checked once before the measurement, so a fast wrong answer is not a result).
     */
    record Op(String name, List<SignedRequest> requests, List<Expect> expect) { }

    /** At least {@code count} matches of {@code pattern} in an answer's body. */
    record Expect(Pattern pattern, int count) {
        boolean holds(String body) {
            Matcher m = pattern.matcher(body);
            int n = 0;
            while (m.find()) n++;
            return n >= count;
        }
    }

    private final String targetGroupArn;
    private final String queueUrl;

    private WireWorkload(String targetGroupArn, String queueUrl) {
        this.targetGroupArn = targetGroupArn;
        this.queueUrl = queueUrl;
    }

    /**
     * @param settle runs until launched instances are running (the simulator's admin API advances its clock;
     *               moto's are running at once)
     */
    static WireWorkload create(Cloud cloud, Runnable settle) throws Exception {
        List<Instance> launched = get(cloud.ec2().runInstances(r -> r.imageId(AMI).instanceType(InstanceType.T3_MICRO)
                .minCount(INSTANCES).maxCount(INSTANCES))).instances();
        settle.run();
        String vpc = launched.get(0).vpcId();
        String tg = get(cloud.elbv2().createTargetGroup(r -> r.name("bench-wire").protocol(ProtocolEnum.HTTP).port(8080)
                .vpcId(vpc))).targetGroups().get(0).targetGroupArn();
        get(cloud.elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(launched.stream().limit(TARGETS)
                .map(i -> TargetDescription.builder().id(i.instanceId()).build()).toList())));
        String queue = get(cloud.sqs().createQueue(r -> r.queueName("bench-wire"))).queueUrl();
        WireWorkload w = new WireWorkload(tg, queue);
        int described = get(cloud.ec2().describeInstances(r -> { })).reservations().stream().mapToInt(x -> x.instances().size()).sum();
        if (described != INSTANCES) throw new IllegalStateException("DescribeInstances gave " + described + " instances, not " + INSTANCES);
        return w;
    }

    /**
     * The three measured calls as the SDK's sync clients send them to {@code endpoint} (signed for it): the same
     * SDK calls the async clients would make, caught on the wire and replayed by the load generator.
     */
    List<Op> ops(URI endpoint) {
        SignedRequest describe = SignedRequest.of("DescribeInstances", endpoint, Ec2Client.builder(),
                (Ec2Client c) -> c.describeInstances(r -> { }));
        SignedRequest health = SignedRequest.of("DescribeTargetHealth", endpoint, ElasticLoadBalancingV2Client.builder(),
                (ElasticLoadBalancingV2Client c) -> c.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)));
        SignedRequest send = SignedRequest.of("SendMessage", endpoint, SqsClient.builder(),
                (SqsClient c) -> c.sendMessage(r -> r.queueUrl(queueUrl).messageBody("a message of bench wire")));
        SignedRequest receive = SignedRequest.of("ReceiveMessage", endpoint, SqsClient.builder(),
                (SqsClient c) -> c.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1).waitTimeSeconds(0)));
        return List.of(new Op("DescribeInstances (" + INSTANCES + " instances)", List.of(describe),
                        List.of(new Expect(Pattern.compile("<instanceId>i-"), INSTANCES))),
                new Op("DescribeTargetHealth (" + TARGETS + " targets)", List.of(health),
                        List.of(new Expect(Pattern.compile("<Id>i-"), TARGETS))),
                // every other request a SendMessage, the others a ReceiveMessage (no wait). A replayed request cannot carry
                // a receipt handle, so nothing is deleted: received messages stay in flight (visible again after 30 s)
                // and the queue grows over a run, on both servers alike
                new Op("SendMessage/ReceiveMessage (alternating)", List.of(send, receive),
                        List.of(new Expect(Pattern.compile("\"MessageId\""), 1), new Expect(Pattern.compile("\"ReceiptHandle\""), 1))));
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }
}

package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.InvalidCommandIdException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The server itself: sync clients, STS, each protocol's errors as the SDK parses them, bad input, the admin API. */
class SimServerTest {

    private static Served served;

    @BeforeAll
    static void start() {
        served = new Served(Scenarios.start(Scenarios.load("web", Map.of()), 42));
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    private static AwsServiceException failure(CompletableFuture<?> call) {
        Throwable t = catchThrowable(() -> call.get(30, TimeUnit.SECONDS));
        assertThat(t).hasCauseInstanceOf(AwsServiceException.class);
        return (AwsServiceException) t.getCause();
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B local(B b) {
        return b.region(Region.US_EAST_1).endpointOverride(served.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    @Test
    void syncClientsAndStsWork() {
        try (StsClient sts = local(StsClient.builder()).build(); Ec2Client ec2 = local(Ec2Client.builder()).build()) {
            var me = sts.getCallerIdentity();
            assertThat(me.account()).isEqualTo("123456789012");
            assertThat(me.arn()).isEqualTo("arn:aws:iam::123456789012:user/fleetops-sim");
            assertThat(ec2.describeInstances().reservations()).isNotEmpty();
        }
    }

    @Test
    void ec2ErrorsAreEc2ErrorsWithTheirStatus() {
        var e = failure(served.cloud().client(Ec2AsyncClient.class).describeInstances(b -> b.instanceIds("i-0123456789abcdef0")));
        assertThat(e).isInstanceOf(Ec2Exception.class);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).contains("i-0123456789abcdef0");
        assertThat(e.requestId()).matches("[0-9a-f-]{36}");
        var malformed = failure(served.cloud().client(Ec2AsyncClient.class).terminateInstances(b -> b.instanceIds("web-1")));
        assertThat(malformed.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.Malformed");
    }

    @Test
    void queryErrorsAreErrorResponsesParsedToModelledExceptions() {
        var asg = failure(served.cloud().client(AutoScalingAsyncClient.class).setDesiredCapacity(b -> b.autoScalingGroupName("nope").desiredCapacity(1)));
        assertThat(asg.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(asg.statusCode()).isEqualTo(400);
        var tg = failure(served.cloud().client(ElasticLoadBalancingV2AsyncClient.class).describeTargetHealth(b -> b.targetGroupArn(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef")));
        assertThat(tg).isInstanceOf(TargetGroupNotFoundException.class);
        assertThat(tg.awsErrorDetails().errorCode()).isEqualTo("TargetGroupNotFound");
    }

    @Test
    void jsonErrorsCarryTheirTypeAndParseToModelledExceptions() {
        var ssm = served.cloud().client(SsmAsyncClient.class);
        var e = failure(ssm.getCommandInvocation(b -> b.commandId("00000000-0000-0000-0000-000000000000").instanceId("i-0123456789abcdef0")));
        assertThat(e).isInstanceOfAny(InvocationDoesNotExistException.class, InvalidCommandIdException.class);
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void unknownActionsAndUnsignedRequestsGetTheProtocolsErrors() {
        var unknown = served.send(HttpRequest.newBuilder(served.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeUnicorns&Version=2016-11-15")).build());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("<Response><Errors><Error><Code>InvalidAction</Code>");
        var unsigned = served.send(HttpRequest.newBuilder(served.endpoint().resolve("/"))
                .header("X-Amz-Target", "AmazonSSM.DescribeInstanceInformation").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("\"__type\":\"MissingAuthenticationToken\"");
        var badJson = served.send(HttpRequest.newBuilder(served.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=0")
                .header("X-Amz-Target", "AmazonSSM.SendCommand").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"DocumentName\": [1]}")).build());
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("SerializationException").contains("DocumentName");
        var noService = served.send(HttpRequest.newBuilder(served.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0")
                .GET().build());
        assertThat(noService.statusCode()).isEqualTo(400);
        assertThat(noService.body()).contains("no service s3");
    }

    @Test
    void bodiesOverTheLimitGetTheirServicesErrorShapeNotPlainText() {
        String big = "x".repeat(SimServer.MAX_BODY + 1);
        var ec2 = served.send(HttpRequest.newBuilder(served.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeInstances&Version=2016-11-15&X=" + big)).build());
        assertThat(ec2.statusCode()).isEqualTo(413);
        assertThat(ec2.body()).contains("<Response><Errors><Error><Code>RequestEntityTooLarge</Code>");
        var ssm = served.send(HttpRequest.newBuilder(served.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=0")
                .header("X-Amz-Target", "AmazonSSM.SendCommand").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"DocumentName\": \"" + big + "\"}")).build());
        assertThat(ssm.statusCode()).isEqualTo(413);
        assertThat(ssm.body()).contains("\"__type\":\"RequestEntityTooLarge\"");
    }

    @Test
    void advanceMovesTheClockAndStateSummarisesTheRegion() {
        JsonNode before = served.state();
        JsonNode advanced = served.advance(90);
        JsonNode after = served.state();
        assertThat(java.time.Instant.parse(after.get("Clock").asText()))
                .isEqualTo(java.time.Instant.parse(before.get("Clock").asText()).plusSeconds(90))
                .isEqualTo(java.time.Instant.parse(advanced.get("Clock").asText()));
        assertThat(after.get("AutoScalingGroups").get(0).get("AutoScalingGroupName").asText()).isEqualTo("web");
        assertThat(after.get("Instances").get("running").asInt()).isEqualTo(3);
        assertThat(after.get("TargetGroups").get(0).get("TargetGroupName").asText()).isEqualTo("web-tg");
        var bad = served.send(HttpRequest.newBuilder(URI.create(served.endpoint() + "/_fleetops/advance?seconds=-1"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("seconds must be positive");
        var get = served.send(HttpRequest.newBuilder(URI.create(served.endpoint() + "/_fleetops/advance?seconds=1")).GET().build());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(served.state().get("Clock")).isEqualTo(after.get("Clock"));
    }

    @Test
    void sqsErrorsKeepTheirQueryCodeAndModelledException() {
        var e = failure(served.cloud().client(SqsAsyncClient.class).getQueueUrl(b -> b.queueName("nope")));
        assertThat(e).isInstanceOf(QueueDoesNotExistException.class);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
        assertThat(e.statusCode()).isEqualTo(400);
    }
}

package dev.fleetops.sim.wire;

import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.http.HttpRequest;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code --credentials KEY:SECRET}: real SDK v2 clients signing with the right secret, another secret, another key. */
class SignaturesTest {

    private static Served served;

    @BeforeAll
    static void start() {
        served = new Served(Scenarios.start(Scenarios.load("web", Map.of()), 42), new SimServer.Options("127.0.0.1", 0, 0)
                .checking(SimServer.Credentials.parse("AKIDFLEETOPSTEST:s3cret/with:colon")));
        served.advance(300);
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    private static <B extends AwsClientBuilder<B, ?>> B as(B b, String key, String secret) {
        b.overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(s -> s.maxAttempts(1)));
        return b.region(Region.US_EAST_1).endpointOverride(served.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)));
    }

    @Test
    void theRightSecretIsAnsweredInEveryProtocol() {
        try (Ec2Client ec2 = as(Ec2Client.builder(), "AKIDFLEETOPSTEST", "s3cret/with:colon").build();
             SsmClient ssm = as(SsmClient.builder(), "AKIDFLEETOPSTEST", "s3cret/with:colon").build();
             SqsClient sqs = as(SqsClient.builder(), "AKIDFLEETOPSTEST", "s3cret/with:colon").build();
             Route53Client r53 = as(Route53Client.builder(), "AKIDFLEETOPSTEST", "s3cret/with:colon").build()) {
            assertThat(ec2.describeInstances(b -> b.filters(f -> f.name("instance-state-name").values("running"))).reservations()).isNotEmpty();
            assertThat(ssm.describeInstanceInformation().instanceInformationList()).isNotEmpty();
            String url = sqs.createQueue(b -> b.queueName("signed")).queueUrl();
            assertThat(sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello & <world>")).messageId()).isNotEmpty();
            String zone = r53.createHostedZone(b -> b.name("signed.example.").callerReference("r1")).hostedZone().id();
            assertThat(r53.getHostedZone(b -> b.id(zone)).hostedZone().name()).isEqualTo("signed.example.");
        }
    }

    @Test
    void anotherSecretIsSignatureDoesNotMatchInTheProtocolsShape() {
        try (Ec2Client ec2 = as(Ec2Client.builder(), "AKIDFLEETOPSTEST", "wrong").build();
             SsmClient ssm = as(SsmClient.builder(), "AKIDFLEETOPSTEST", "wrong").build();
             Route53Client r53 = as(Route53Client.builder(), "AKIDFLEETOPSTEST", "wrong").build()) {
            long calls = served.state().get("Calls").asLong();
            var e = catchThrowableOfType(AwsServiceException.class, ec2::describeInstances);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.statusCode()).isEqualTo(403);
            var j = catchThrowableOfType(AwsServiceException.class, ssm::describeInstanceInformation);
            assertThat(j.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
            assertThat(j.statusCode()).isEqualTo(403);
            var x = catchThrowableOfType(AwsServiceException.class, () -> r53.listHostedZones());
            assertThat(x.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(x.statusCode()).isEqualTo(403);
            assertThat(served.state().get("Calls").asLong()).isEqualTo(calls); // refused before the region
        }
    }

    @Test
    void anotherKeyAndUnsignedRequestsAreRefused() {
        try (Ec2Client ec2 = as(Ec2Client.builder(), "AKIDSOMEONEELSE", "s3cret/with:colon").build();
             SsmClient ssm = as(SsmClient.builder(), "AKIDSOMEONEELSE", "s3cret/with:colon").build()) {
            var e = catchThrowableOfType(AwsServiceException.class, ec2::describeInstances);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            assertThat(e.statusCode()).isEqualTo(403);
            var j = catchThrowableOfType(AwsServiceException.class, ssm::describeInstanceInformation);
            assertThat(j.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
        }
        var unsigned = served.send(HttpRequest.newBuilder(served.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeInstances&Version=2016-11-15")).build());
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.body()).contains("<Code>MissingAuthenticationToken</Code>");
        var forged = served.send(HttpRequest.newBuilder(served.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDFLEETOPSTEST/20260105/us-east-1/ec2/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=0000").header("X-Amz-Date", "20260105T090000Z")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeInstances&Version=2016-11-15")).build());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("<Response><Errors><Error><Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    void credentialsParseOrSayWhatIsExpected() {
        assertThat(SimServer.Credentials.parse("K:S:T").secretAccessKey()).isEqualTo("S:T");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> SimServer.Credentials.parse("nocolon")))
                .hasMessageContaining("expected KEY:SECRET");
        assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> SimServer.Credentials.parse("K:")))
                .hasMessageContaining("expected KEY:SECRET");
        assertThat(SimServer.Credentials.parse("K:secret").toString()).doesNotContain("secret");
    }
}

package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over every protocol the server speaks, one row each: unsigned and malformed requests, unknown actions,
 * a wrong API version or target prefix, required members missing (by the service model), bodies that do not parse,
 * bodies over the limits (an SQS message over 262,144 bytes, a request over the server's 10 MiB). Each is answered
 * with its status (400; 403 unsigned; 413 too large) in the protocol's own error shape with the code AWS gives (the
 * services' API references, "Common Errors"), never a 500, and the region is the same after it as before: the
 * admin state (instances, groups, target health, every queue's messages) unchanged, and no call at the gate but
 * where the simulator itself refuses it (the SQS message, refused as AWS does, after the call is counted).
 */
class BadInputTest {

    /** How a protocol's error names its code. */
    enum Shape {
        EC2("<Response><Errors><Error><Code>%s</Code>"),
        QUERY("<Error><Type>Sender</Type><Code>%s</Code>"),
        JSON("\"__type\":\"%s\""),
        REST_XML("<Error><Type>Sender</Type><Code>%s</Code>");

        final String pattern;

        Shape(String pattern) {
            this.pattern = pattern;
        }
    }

    record Row(String name, String service, String method, String path, Map<String, String> headers, String body,
               int status, Shape shape, String code, int calls) {

        Row(String name, String service, String method, String path, Map<String, String> headers, String body,
            int status, Shape shape, String code) {
            this(name, service, method, path, headers, body, status, shape, code, 0);
        }

        /** The same request, refused by the simulator after its gate counted it. */
        Row counted() {
            return new Row(name, service, method, path, headers, body, status, shape, code, 1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String FORM = "application/x-www-form-urlencoded";
    /** SQS's message size limit (MaximumMessageSize's default and largest value in the simulator), plus one. */
    private static final String OVER_SQS_LIMIT = "x".repeat(262_144 + 1);
    /** The server's request body limit, plus one. */
    private static final String OVER_BODY_LIMIT = "x".repeat(SimServer.MAX_BODY + 1);
    private static Served served;
    private static String queueUrl;

    @BeforeAll
    static void start() throws Exception {
        served = new Served(Scenarios.start(Scenarios.load("web", Map.of()), 42));
        served.advance(300);
        queueUrl = served.cloud().client(SqsAsyncClient.class).createQueue(b -> b.queueName("bad-input"))
                .get(30, TimeUnit.SECONDS).queueUrl();
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    private static Row query(String name, String service, String body, Shape shape, String code) {
        return new Row(name, service, "POST", "/", Map.of("Content-Type", FORM), body, 400, shape, code);
    }

    private static Row json(String name, String service, String target, String version, String body, String code) {
        return new Row(name, service, "POST", "/", Map.of("X-Amz-Target", target, "Content-Type", "application/x-amz-json-" + version),
                body, 400, Shape.JSON, code);
    }

    static List<Row> rows() {
        String queue = served.endpoint() + "/123456789012/nope";
        String sqsQuery = "Version=2012-11-05&QueueUrl=" + URLEncoder.encode(queueUrl, StandardCharsets.UTF_8);
        return List.of(
                new Row("ec2 unsigned", null, "POST", "/", Map.of("Content-Type", FORM), "Action=DescribeInstances&Version=2016-11-15",
                        403, Shape.QUERY, "MissingAuthenticationToken"),
                query("ec2 unknown action", "ec2", "Action=DescribeUnicorns&Version=2016-11-15", Shape.EC2, "InvalidAction"),
                query("ec2 no action", "ec2", "Version=2016-11-15", Shape.EC2, "MissingAction"),
                query("ec2 wrong version", "ec2", "Action=DescribeInstances&Version=2099-01-01", Shape.EC2, "NoSuchVersion"),
                query("ec2 missing InstanceId", "ec2", "Action=TerminateInstances&Version=2016-11-15", Shape.EC2, "MissingParameter"),
                query("ec2 missing Tag", "ec2", "Action=CreateTags&Version=2016-11-15&ResourceId.1=i-0123456789abcdef0",
                        Shape.EC2, "MissingParameter"),
                query("ec2 malformed MaxResults", "ec2", "Action=DescribeInstances&Version=2016-11-15&MaxResults=many",
                        Shape.EC2, "InvalidParameterValue"),
                query("ec2 form not URL-encoded", "ec2", "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=%ZZ",
                        Shape.EC2, "MalformedQueryString"),
                new Row("ec2 body over 10 MiB", "ec2", "POST", "/", Map.of("Content-Type", FORM),
                        "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=" + OVER_BODY_LIMIT, 413, Shape.EC2, "RequestEntityTooLarge"),
                query("autoscaling unknown action", "autoscaling", "Action=DescribeUnicorns&Version=2011-01-01", Shape.QUERY, "InvalidAction"),
                query("autoscaling wrong version", "autoscaling", "Action=DescribeAutoScalingGroups&Version=2099-01-01",
                        Shape.QUERY, "InvalidAction"),
                query("autoscaling missing DesiredCapacity", "autoscaling",
                        "Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=web", Shape.QUERY, "MissingParameter"),
                query("autoscaling malformed DesiredCapacity", "autoscaling",
                        "Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=web&DesiredCapacity=two", Shape.QUERY, "ValidationError"),
                new Row("autoscaling JSON body", "autoscaling", "POST", "/", Map.of("Content-Type", "application/json"),
                        "{\"Action\": \"SetDesiredCapacity\", \"AutoScalingGroupName\": \"web\", \"DesiredCapacity\": 9}",
                        400, Shape.QUERY, "MissingAction"),
                query("autoscaling form not URL-encoded", "autoscaling",
                        "Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=web%&DesiredCapacity=9", Shape.QUERY, "MalformedQueryString"),
                query("elbv2 missing TargetGroupArn", "elasticloadbalancing", "Action=DescribeTargetHealth&Version=2015-12-01",
                        Shape.QUERY, "MissingParameter"),
                query("elbv2 missing Targets.member.1.Id", "elasticloadbalancing",
                        "Action=RegisterTargets&Version=2015-12-01&TargetGroupArn=arn&Targets.member.1.Port=80", Shape.QUERY, "MissingParameter"),
                query("sts unknown action", "sts", "Action=AssumeUnicorn&Version=2011-06-15", Shape.QUERY, "InvalidAction"),
                query("sts wrong version", "sts", "Action=GetCallerIdentity&Version=2099-01-01", Shape.QUERY, "InvalidAction"),
                new Row("ssm unsigned", null, "POST", "/", Map.of("X-Amz-Target", "AmazonSSM.SendCommand",
                        "Content-Type", "application/x-amz-json-1.1"), "{}", 403, Shape.JSON, "MissingAuthenticationToken"),
                json("ssm unknown operation", "ssm", "AmazonSSM.DescribeUnicorns", "1.1", "{}", "UnknownOperationException"),
                new Row("ssm no target", "ssm", "POST", "/", Map.of("Content-Type", "application/x-amz-json-1.1"), "{}",
                        400, Shape.JSON, "UnknownOperationException"),
                json("ssm wrong target prefix", "ssm", "AmazonEC2.SendCommand", "1.1", "{}", "UnknownOperationException"),
                json("ssm missing DocumentName", "ssm", "AmazonSSM.SendCommand", "1.1", "{\"InstanceIds\":[\"i-0\"]}", "ValidationException"),
                json("ssm malformed JSON", "ssm", "AmazonSSM.SendCommand", "1.1", "{\"DocumentName\": ", "SerializationException"),
                json("ssm body not an object", "ssm", "AmazonSSM.SendCommand", "1.1", "[1]", "SerializationException"),
                json("ssm wrong member type", "ssm", "AmazonSSM.SendCommand", "1.1", "{\"DocumentName\": 7}", "SerializationException"),
                json("events missing Name", "events", "AWSEvents.PutRule", "1.1", "{\"ScheduleExpression\":\"rate(1 minute)\"}",
                        "ValidationException"),
                json("events missing Entries", "events", "AWSEvents.PutEvents", "1.1", "{}", "ValidationException"),
                json("sqs unknown operation", "sqs", "AmazonSQS.SendUnicorn", "1.0", "{}", "UnknownOperationException"),
                json("sqs missing MessageBody", "sqs", "AmazonSQS.SendMessage", "1.0", "{\"QueueUrl\":\"" + queue + "\"}", "MissingParameter"),
                json("sqs malformed JSON", "sqs", "AmazonSQS.SendMessage", "1.0", "{{", "SerializationException"),
                json("sqs wrong member type", "sqs", "AmazonSQS.SendMessage", "1.0", "{\"QueueUrl\": [1], \"MessageBody\": \"m\"}",
                        "SerializationException"),
                new Row("sqs unsigned", null, "POST", "/", Map.of("X-Amz-Target", "AmazonSQS.SendMessage",
                        "Content-Type", "application/x-amz-json-1.0"), "{}", 403, Shape.JSON, "MissingAuthenticationToken"),
                json("sqs message over 256 KiB", "sqs", "AmazonSQS.SendMessage", "1.0",
                        "{\"QueueUrl\": \"" + queueUrl + "\", \"MessageBody\": \"" + OVER_SQS_LIMIT + "\"}", "InvalidParameterValue").counted(),
                new Row("sqs body over 10 MiB", "sqs", "POST", "/", Map.of("X-Amz-Target", "AmazonSQS.SendMessage",
                        "Content-Type", "application/x-amz-json-1.0"), "{\"QueueUrl\": \"" + queueUrl + "\", \"MessageBody\": \""
                        + OVER_BODY_LIMIT + "\"}", 413, Shape.JSON, "RequestEntityTooLarge"),
                new Row("sqs query unsigned", null, "POST", "/", Map.of("Content-Type", FORM), "Action=ListQueues&Version=2012-11-05",
                        403, Shape.QUERY, "MissingAuthenticationToken"),
                query("sqs query unknown action", "sqs", "Action=SendUnicorn&" + sqsQuery, Shape.QUERY, "InvalidAction"),
                query("sqs query wrong version", "sqs", "Action=SendMessage&MessageBody=m&Version=2008-01-01&QueueUrl=" + queueUrl,
                        Shape.QUERY, "InvalidAction"),
                query("sqs query missing MessageBody", "sqs", "Action=SendMessage&" + sqsQuery, Shape.QUERY, "MissingParameter"),
                query("sqs query form not URL-encoded", "sqs", "Action=SendMessage&MessageBody=100%&" + sqsQuery, Shape.QUERY,
                        "MalformedQueryString"),
                query("sqs query message over 256 KiB", "sqs", "Action=SendMessage&MessageBody=" + OVER_SQS_LIMIT + "&" + sqsQuery,
                        Shape.QUERY, "InvalidParameterValue").counted(),
                json("events unknown operation", "events", "AWSEvents.PutUnicorn", "1.1", "{}", "UnknownOperationException"),
                json("events malformed JSON", "events", "AWSEvents.PutEvents", "1.1", "{\"Entries\": [", "SerializationException"),
                new Row("route53 missing CallerReference", "route53", "POST", "/2013-04-01/hostedzone", Map.of(),
                        "<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Name>example.com</Name>"
                                + "</CreateHostedZoneRequest>", 400, Shape.REST_XML, "InvalidInput"),
                new Row("route53 malformed XML", "route53", "POST", "/2013-04-01/hostedzone", Map.of(), "<CreateHostedZoneRequest",
                        400, Shape.REST_XML, "MalformedXML"),
                new Row("route53 unknown path", "route53", "GET", "/2013-04-01/unicorns", Map.of(), "", 400, Shape.REST_XML, "InvalidAction"),
                new Row("route53 body over 10 MiB", "route53", "POST", "/2013-04-01/hostedzone", Map.of(),
                        "<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Name>" + OVER_BODY_LIMIT
                                + "</Name></CreateHostedZoneRequest>", 413, Shape.REST_XML, "RequestEntityTooLarge"),
                new Row("route53 unsigned", null, "GET", "/2013-04-01/hostedzone", Map.of(), "", 403, Shape.REST_XML,
                        "MissingAuthenticationToken"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void answeredInTheProtocolsShapeAndTheRegionIsUnchanged(Row row) {
        JsonNode before = served.state();
        HttpRequest.Builder b = HttpRequest.newBuilder(served.endpoint().resolve(row.path()));
        if (row.service() != null) {
            b.header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/" + row.service()
                    + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0");
        }
        row.headers().forEach(b::header);
        b.method(row.method(), row.body().isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(row.body()));
        HttpResponse<String> r = served.send(b.build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(row.status());
        assertThat(r.body()).contains(String.format(row.shape().pattern, row.code()));
        if (row.shape() == Shape.JSON) {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-amz-json-"));
        } else {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml");
        }
        JsonNode after = served.state();
        assertThat(after.get("Calls").asLong()).as("calls at the gate").isEqualTo(before.get("Calls").asLong() + row.calls());
        assertThat(withoutCalls(after)).isEqualTo(withoutCalls(before));
        assertThat(after.get("Queues").toString()).contains(queueUrl);
    }

    private static JsonNode withoutCalls(JsonNode state) {
        ObjectNode o = state.deepCopy();
        o.remove("Calls");
        return o;
    }
}

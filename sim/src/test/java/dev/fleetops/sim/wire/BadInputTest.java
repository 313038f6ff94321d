package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over every protocol the server speaks, one row each: unsigned and malformed requests, unknown actions,
 * a wrong API version or target prefix, required members missing (by the service model), bodies that do not parse.
 * Each is answered with its status (400; 403 unsigned) in the protocol's own error shape with the code AWS gives
 * (the services' API references, "Common Errors"), never a 500, and the region is the same after it as before.
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
               int status, Shape shape, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String FORM = "application/x-www-form-urlencoded";
    private static Served served;

    @BeforeAll
    static void start() {
        served = new Served(Scenarios.start(Scenarios.load("web", Map.of()), 42));
        served.advance(300);
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
                query("autoscaling unknown action", "autoscaling", "Action=DescribeUnicorns&Version=2011-01-01", Shape.QUERY, "InvalidAction"),
                query("autoscaling wrong version", "autoscaling", "Action=DescribeAutoScalingGroups&Version=2099-01-01",
                        Shape.QUERY, "InvalidAction"),
                query("autoscaling missing DesiredCapacity", "autoscaling",
                        "Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=web", Shape.QUERY, "MissingParameter"),
                query("autoscaling malformed DesiredCapacity", "autoscaling",
                        "Action=SetDesiredCapacity&Version=2011-01-01&AutoScalingGroupName=web&DesiredCapacity=two", Shape.QUERY, "ValidationError"),
                query("elbv2 missing TargetGroupArn", "elasticloadbalancing", "Action=DescribeTargetHealth&Version=2015-12-01",
                        Shape.QUERY, "MissingParameter"),
                query("elbv2 missing Targets.member.1.Id", "elasticloadbalancing",
                        "Action=RegisterTargets&Version=2015-12-01&TargetGroupArn=arn&Targets.member.1.Port=80", Shape.QUERY, "MissingParameter"),
                query("sts unknown action", "sts", "Action=AssumeUnicorn&Version=2011-06-15", Shape.QUERY, "InvalidAction"),
                query("sts wrong version", "sts", "Action=GetCallerIdentity&Version=2099-01-01", Shape.QUERY, "InvalidAction"),
                new Row("ssm unsigned", null, "POST", "/", Map.of("X-Amz-Target", "AmazonSSM.SendCommand",
                        "Content-Type", "application/x-amz-json-1.1"), "{}", 403, Shape.JSON, "MissingAuthenticationToken"),
                json("ssm unknown operation", "ssm", "AmazonSSM.DescribeUnicorns", "1.1", "{}", "UnknownOperationException"),
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
                new Row("route53 missing CallerReference", "route53", "POST", "/2013-04-01/hostedzone", Map.of(),
                        "<CreateHostedZoneRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Name>example.com</Name>"
                                + "</CreateHostedZoneRequest>", 400, Shape.REST_XML, "InvalidInput"),
                new Row("route53 malformed XML", "route53", "POST", "/2013-04-01/hostedzone", Map.of(), "<CreateHostedZoneRequest",
                        400, Shape.REST_XML, "MalformedXML"),
                new Row("route53 unknown path", "route53", "GET", "/2013-04-01/unicorns", Map.of(), "", 400, Shape.REST_XML, "InvalidAction"));
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
        assertThat(served.state()).isEqualTo(before);
    }
}

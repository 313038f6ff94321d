package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQS's query protocol as older clients send it: form-encoded {@code Action=...&Version=2012-11-05}, answers and
 * errors in XML, checked against the shapes of the "Amazon SQS API Reference" query examples (flattened lists and
 * maps: {@code Attribute.1.Name}, {@code <Message>}, {@code <SendMessageBatchResultEntry>}). The machine's AWS CLI v1
 * and boto3 no longer speak it (botocore's SQS model is JSON only since 2024), so the shapes are checked with raw
 * HTTP forms, and a real query client, botocore 1.34.22 (the Google Cloud CLI's vendored copy), runs a queue's life.
 */
class SqsQueryTest {

    /**
     * A queue's life through botocore's query serializer and parser; a {@code before-send} hook records what went on
     * the wire, so the test sees that it was a form, not JSON.
     */
    private static final String LEGACY = """
            import botocore.session, botocore.exceptions, json
            session = botocore.session.get_session()
            sqs = session.create_client("sqs")
            wire = []
            def record(request, **kwargs):
                body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
                wire.append({"ContentType": request.headers.get("Content-Type", b"").decode(), "Target": "X-Amz-Target" in request.headers,
                             "Action": body.split("&")[0]})
            sqs.meta.events.register("before-send.sqs", record)
            url = sqs.create_queue(QueueName="old-client", Attributes={"VisibilityTimeout": "45"})["QueueUrl"]
            sqs.send_message(QueueUrl=url, MessageBody="from 2023",
                             MessageAttributes={"color": {"DataType": "String", "StringValue": "blue"}})
            batch = sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "x", "MessageBody": "one"}, {"Id": "y", "MessageBody": "two"}])
            got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"], MessageAttributeNames=["All"])
            for m in got["Messages"]:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
            attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["VisibilityTimeout", "ApproximateNumberOfMessages"])
            try:
                sqs.get_queue_url(QueueName="never-made")
                error = None
            except botocore.exceptions.ClientError as e:
                error = {"Code": e.response["Error"]["Code"], "Status": e.response["ResponseMetadata"]["HTTPStatusCode"]}
            print(json.dumps({"Protocol": sqs.meta.service_model.protocol, "Version": botocore.__version__, "Url": url,
                              "Batch": sorted(e["Id"] for e in batch["Successful"]),
                              "Bodies": sorted(m["Body"] for m in got["Messages"]),
                              "Color": [m["MessageAttributes"]["color"]["StringValue"] for m in got["Messages"] if "MessageAttributes" in m],
                              "Senders": [m["Attributes"].get("SenderId") for m in got["Messages"]],
                              "Attributes": attrs["Attributes"], "Error": error, "Wire": wire}))
            """;

    @TempDir
    Path home;

    private static Served served;
    private static final String NS = "<%sResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><%sResult>";

    @BeforeAll
    static void start() {
        served = new Served(Scenarios.start(Scenarios.load("web", Map.of()), 42));
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    private static HttpResponse<String> form(String... pairs) {
        return formTo("/", pairs);
    }

    private static HttpResponse<String> formTo(String path, String... pairs) {
        StringBuilder body = new StringBuilder("Version=2012-11-05");
        for (int i = 0; i < pairs.length; i += 2) {
            body.append('&').append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return served.send(HttpRequest.newBuilder(served.endpoint().resolve(path))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private static String ok(HttpResponse<String> r, String operation) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/xml");
        assertThat(r.body()).contains(String.format(NS, operation, operation)).contains("<ResponseMetadata><RequestId>");
        return r.body();
    }

    private static String first(String xml, String regex) {
        Matcher m = Pattern.compile(regex).matcher(xml);
        assertThat(m.find()).as(regex + " in " + xml).isTrue();
        return m.group(1);
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void queueLifeInTheQueryProtocol() throws Exception {
        String created = ok(form("Action", "CreateQueue", "QueueName", "legacy", "Attribute.1.Name", "VisibilityTimeout",
                "Attribute.1.Value", "40"), "CreateQueue");
        String url = first(created, "<QueueUrl>([^<]+)</QueueUrl>");
        assertThat(url).endsWith("/legacy");

        assertThat(ok(form("Action", "ListQueues", "QueueNamePrefix", "leg"), "ListQueues"))
                .contains("<ListQueuesResult><QueueUrl>" + url + "</QueueUrl></ListQueuesResult>");
        assertThat(ok(form("Action", "GetQueueAttributes", "QueueUrl", url, "AttributeName.1", "VisibilityTimeout"), "GetQueueAttributes"))
                .contains("<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>40</Value></Attribute></GetQueueAttributesResult>");

        String body = "hello <query> & world";
        String sent = ok(form("Action", "SendMessage", "QueueUrl", url, "MessageBody", body, "MessageAttribute.1.Name", "color",
                "MessageAttribute.1.Value.StringValue", "red", "MessageAttribute.1.Value.DataType", "String"), "SendMessage");
        assertThat(first(sent, "<MD5OfMessageBody>([0-9a-f]{32})</MD5OfMessageBody>")).isEqualTo(md5(body));
        assertThat(sent).contains("<MD5OfMessageAttributes>");
        String id = first(sent, "<MessageId>([^<]+)</MessageId>");

        String batch = ok(form("Action", "SendMessageBatch", "QueueUrl", url,
                "SendMessageBatchRequestEntry.1.Id", "a", "SendMessageBatchRequestEntry.1.MessageBody", "one",
                "SendMessageBatchRequestEntry.2.Id", "b", "SendMessageBatchRequestEntry.2.MessageBody", "two"), "SendMessageBatch");
        assertThat(batch).contains("<SendMessageBatchResultEntry><Id>a</Id>").contains("<SendMessageBatchResultEntry><Id>b</Id>")
                .doesNotContain("<Successful>");

        String received = ok(form("Action", "ReceiveMessage", "QueueUrl", url, "MaxNumberOfMessages", "1", "AttributeName.1", "All",
                "MessageAttributeName.1", "All"), "ReceiveMessage");
        assertThat(received).contains("<ReceiveMessageResult><Message><MessageId>" + id + "</MessageId><ReceiptHandle>")
                .contains("<Body>hello &lt;query&gt; &amp; world</Body>")
                .contains("<MD5OfBody>" + md5(body) + "</MD5OfBody>")
                .contains("<Attribute><Name>SenderId</Name><Value>")
                .contains("<MessageAttribute><Name>color</Name><Value><StringValue>red</StringValue><DataType>String</DataType></Value></MessageAttribute>");
        String handle = first(received, "<ReceiptHandle>([^<]+)</ReceiptHandle>");
        String deleted = form("Action", "DeleteMessage", "QueueUrl", url, "ReceiptHandle", handle).body();
        assertThat(deleted).contains("<DeleteMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><ResponseMetadata>");
    }

    @Test
    void anOlderBotocoreDrivesAQueueInTheQueryProtocol() throws Exception {
        Clients.requireQueryBotocore();
        Clients.Result r = new Clients(served.endpoint(), home).queryBotocore(LEGACY);
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode out = Json.parse(r.out());
        assertThat(out.get("Protocol").asText()).isEqualTo("query");
        assertThat(out.get("Url").asText()).endsWith("/old-client");
        assertThat(out.get("Batch").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(out.get("Bodies").toString()).isEqualTo("[\"from 2023\",\"one\",\"two\"]");
        assertThat(out.get("Color").toString()).isEqualTo("[\"blue\"]");
        assertThat(out.get("Senders")).hasSize(3).allMatch(s -> !s.isNull());
        assertThat(out.get("Attributes").get("VisibilityTimeout").asText()).isEqualTo("45");
        assertThat(out.get("Attributes").get("ApproximateNumberOfMessages").asText()).isEqualTo("0");
        assertThat(out.get("Error").get("Code").asText()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
        assertThat(out.get("Error").get("Status").asInt()).isEqualTo(400);
        JsonNode wire = out.get("Wire");
        assertThat(wire).hasSizeGreaterThanOrEqualTo(9).allSatisfy(w -> {
            assertThat(w.get("ContentType").asText()).startsWith("application/x-www-form-urlencoded");
            assertThat(w.get("Target").asBoolean()).isFalse();
            assertThat(w.get("Action").asText()).startsWith("Action=");
        });
        assertThat(wire.get(0).get("Action").asText()).isEqualTo("Action=CreateQueue");
    }

    @Test
    void actionsPostedToTheQueuesUrlNeedNoQueueUrlParameter() {
        String url = first(ok(form("Action", "CreateQueue", "QueueName", "by-path"), "CreateQueue"), "<QueueUrl>([^<]+)</QueueUrl>");
        String path = java.net.URI.create(url).getPath();
        assertThat(path).isEqualTo("/123456789012/by-path");
        ok(formTo(path, "Action", "SendMessage", "MessageBody", "posted to the queue"), "SendMessage");
        assertThat(ok(formTo(path, "Action", "ReceiveMessage"), "ReceiveMessage")).contains("<Body>posted to the queue</Body>");
        var other = formTo("/123456789012/no-such-queue", "Action", "SendMessage", "MessageBody", "m");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(other.body()).contains("<Code>AWS.SimpleQueueService.NonExistentQueue</Code>");
    }

    @Test
    void errorsAreErrorResponsesWithTheQueryCodes() {
        var missing = form("Action", "GetQueueUrl", "QueueName", "nope");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error><Type>Sender</Type>"
                + "<Code>AWS.SimpleQueueService.NonExistentQueue</Code>");
        var noBody = form("Action", "SendMessage", "QueueUrl", served.endpoint() + "/123456789012/nope");
        assertThat(noBody.statusCode()).isEqualTo(400);
        assertThat(noBody.body()).contains("<Code>MissingParameter</Code>");
        var unknown = form("Action", "SendUnicorn");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("<Code>InvalidAction</Code>");
        var version = served.send(HttpRequest.newBuilder(served.endpoint().resolve("/"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260105/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=ListQueues&Version=2008-01-01")).build());
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(version.body()).contains("<Code>InvalidAction</Code>").contains("for version 2008-01-01");
    }
}

package dev.fleetops.sim.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** EventBridge rules delivering to SQS: what the simulated region and moto agree on. */
class EventBridgeParityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATTERN =
            "{\"source\":[\"fleetops.test\"],\"detail-type\":[\"EC2 Spot Instance Interruption Warning\"]}";

    @ParityTest
    void anEventMatchingARulePatternIsDeliveredToItsQueueAndOthersAreNot(Backend backend) {
        String url = backend.await(backend.cloud().sqs().createQueue(r -> r.queueName("events"))).queueUrl();
        String queueArn = backend.await(backend.cloud().sqs().getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN))).attributes().get(QueueAttributeName.QUEUE_ARN);

        String ruleArn = backend.await(backend.cloud().eventBridge().putRule(r -> r.name("spot-warnings")
                .eventPattern(PATTERN))).ruleArn();
        assertThat(ruleArn).isEqualTo("arn:aws:events:us-east-1:123456789012:rule/spot-warnings");
        var targets = backend.await(backend.cloud().eventBridge().putTargets(r -> r.rule("spot-warnings")
                .targets(Target.builder().id("queue").arn(queueArn).build())));
        assertThat(targets.failedEntryCount()).isZero();
        assertThat(backend.await(backend.cloud().eventBridge().listTargetsByRule(r -> r.rule("spot-warnings")))
                .targets()).extracting(Target::arn).containsExactly(queueArn);

        var put = backend.await(backend.cloud().eventBridge().putEvents(r -> r.entries(
                event("EC2 Spot Instance Interruption Warning", "{\"instance-id\":\"i-0123456789abcdef0\"}"),
                event("EC2 Instance Rebalance Recommendation", "{\"instance-id\":\"i-0123456789abcdef1\"}"))));
        assertThat(put.failedEntryCount()).isZero();
        assertThat(put.entries()).hasSize(2).extracting(PutEventsResultEntry::eventId).allSatisfy(id ->
                assertThat(id).isNotBlank());
        backend.settle();

        List<Message> delivered = backend.await(backend.cloud().sqs().receiveMessage(r -> r.queueUrl(url)
                .maxNumberOfMessages(10).waitTimeSeconds(1))).messages();
        assertThat(delivered).hasSize(1);
        JsonNode event = read(delivered.get(0).body());
        assertThat(event.path("source").asText()).isEqualTo("fleetops.test");
        assertThat(event.path("detail-type").asText()).isEqualTo("EC2 Spot Instance Interruption Warning");
        assertThat(event.path("region").asText()).isEqualTo("us-east-1");
        assertThat(event.path("detail").path("instance-id").asText()).isEqualTo("i-0123456789abcdef0");
        assertThat(event.path("id").asText()).isNotBlank();
        assertThat(event.path("time").asText()).isNotBlank();
        // No assertion on "account": moto leaves it out of delivered events (its default event input template).
    }

    private static PutEventsRequestEntry event(String detailType, String detail) {
        return PutEventsRequestEntry.builder().source("fleetops.test").detailType(detailType).detail(detail).build();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("delivered body is not JSON: " + body, e);
        }
    }
}

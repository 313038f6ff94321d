package dev.fleetops.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The function classes invoked with real event JSON against the simulator (a Cloud supplier). */
class LambdaSimulatorTest {

    @Test
    void eventBridgeInvocationDetachesTheInterruptedInstance() throws Exception {
        SimRegion region = LambdaFixtures.webSpot("");
        FleetopsFunction.configure(region::cloud, LambdaFixtures.SPOT_RULES, Optional.empty());
        String victim = LambdaFixtures.inService(region, "web").get(0);

        String out = LambdaFixtures.invoke(new EventBridgeFunction(),
                LambdaFixtures.seed003(victim, region.scheduler().now().toString()));

        JsonNode summary = Json.parse(out);
        assertThat(summary.path("Disposition").asText()).isEqualTo("DELETE");
        JsonNode record = summary.path("Records").get(0);
        assertThat(record.path("Handler").asText()).isEqualTo("spot-interruption");
        assertThat(record.path("Status").asText()).isEqualTo("Success");
        assertThat(record.path("ApiCalls").toString()).contains("\"Operation\":\"DetachInstances\"",
                "\"ShouldDecrementDesiredCapacity\":\"false\"");
        region.scheduler().runFor(Duration.ofMinutes(5));
        assertThat(LambdaFixtures.inService(region, "web")).hasSize(3).doesNotContain(victim);
    }

    @Test
    void aFailedHandlerFailsTheEventBridgeInvocationSoLambdaRetries() {
        SimRegion region = LambdaFixtures.webSpot("""
                faults:
                  api:
                    - {service: autoscaling, operation: DetachInstances, error: ResourceContention, rate: 1, until: 10h}
                """);
        FleetopsFunction.configure(region::cloud, LambdaFixtures.SPOT_RULES, Optional.empty());
        String victim = LambdaFixtures.inService(region, "web").get(0);

        assertThatThrownBy(() -> LambdaFixtures.invoke(new EventBridgeFunction(),
                LambdaFixtures.seed003(victim, region.scheduler().now().toString())))
                .isInstanceOf(EventBridgeFunction.HandlerFailed.class).hasMessageContaining("ResourceContention");
    }

    @Test
    void sqsBatchReportsOnlyTheFailedMessages() {
        SimRegion region = LambdaFixtures.webSpot("");
        String dlq = region.scheduler().await(region.cloud().sqs().createQueue(b -> b.queueName("fleetops-dlq")),
                Duration.ofMinutes(1)).queueUrl();
        FleetopsFunction.configure(region::cloud, LambdaFixtures.SPOT_RULES, Optional.of(dlq));
        String victim = LambdaFixtures.inService(region, "web").get(0);
        String testNotification = """
                {"AccountId":"123456789012","RequestId":"5f6c8a8e-1111-2222-3333-444455556666",
                 "AutoScalingGroupARN":"arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:1:autoScalingGroupName/web",
                 "AutoScalingGroupName":"web","Service":"AWS Auto Scaling","Event":"autoscaling:TEST_NOTIFICATION",
                 "Time":"2019-02-20T20:01:15.747Z"}""";
        String sns = Json.compact(Json.object().put("Type", "Notification").put("MessageId", "sns-1")
                .put("TopicArn", "arn:aws:sns:us-east-1:123456789012:t").put("Message",
                        LambdaFixtures.seed003(victim, region.scheduler().now().toString())));

        SQSBatchResponse r = new SqsFunction().handleRequest(LambdaFixtures.batch(
                LambdaFixtures.seed003(victim, region.scheduler().now().toString()), "{not json", testNotification, sns), null);

        // 1: handled; 2: poison, moved to the DLQ and deleted; 3: acknowledged; 4: the same warning SNS-wrapped,
        // while 1 is still in progress: left for redelivery, which then finds it done.
        assertThat(r.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("msg-4");
        SQSBatchResponse redelivered = new SqsFunction().handleRequest(LambdaFixtures.batch(sns), null);
        assertThat(redelivered.getBatchItemFailures()).isEmpty();
        var moved = region.scheduler().await(region.cloud().sqs().receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)),
                Duration.ofMinutes(1)).messages();
        assertThat(moved).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{not json"));
        assertThat(region.context().gate().calls("autoscaling", "DetachInstances")).isEqualTo(1);
    }

    @Test
    void withoutADeadLetterQueueAPoisonMessageIsReportedForTheRedrivePolicy() {
        SimRegion region = LambdaFixtures.webSpot("");
        FleetopsFunction.configure(region::cloud, LambdaFixtures.SPOT_RULES, Optional.empty());

        SQSBatchResponse r = new SqsFunction().handleRequest(LambdaFixtures.batch("{\"detail-type\": 42}"), null);

        assertThat(r.getBatchItemFailures()).singleElement()
                .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("msg-1"));
    }
}

package dev.fleetops.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.sources.SqsSource;
import dev.fleetops.testing.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** apply's watch fed by EventBridge -> SQS: an EC2 state-change event in the queue reaches the watch and is deleted. */
@ExtendWith(MotoServerExtension.class)
class QueueEventsMotoTest {

    @Test
    void aStateChangeEventInTheQueueReachesTheWatchAndLeavesTheQueue(Cloud cloud) throws Exception {
        String url = cloud.sqs().createQueue(b -> b.queueName("apply-events")).get(10, TimeUnit.SECONDS).queueUrl();
        CompletableFuture<JsonNode> received = new CompletableFuture<>();
        // a 1 s long poll so that closing (which lets the outstanding poll return) is quick in a test
        var settings = SqsSource.Settings.defaults(url).withTimings(Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(1));
        try (QueueEvents events = new QueueEvents(cloud, settings)) {
            events.subscribe(received::complete).toCompletableFuture().get(10, TimeUnit.SECONDS);

            cloud.sqs().sendMessage(b -> b.queueUrl(url).messageBody("""
                    {"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602",
                     "detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
                     "account":"123456789012","time":"2026-01-05T09:00:00Z","region":"us-east-1",
                     "resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"],
                     "detail":{"instance-id":"i-0123456789abcdef0","state":"stopped"}}
                    """)).get(10, TimeUnit.SECONDS);

            JsonNode e = received.get(30, TimeUnit.SECONDS);
            assertThat(e.at("/detail/instance-id").asText()).isEqualTo("i-0123456789abcdef0");
            assertThat(e.at("/detail/state").asText()).isEqualTo("stopped");
        }
        var attrs = cloud.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).get(10, TimeUnit.SECONDS);
        assertThat(attrs.attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
    }
}

package dev.fleetops.sim.sqs;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Competing consumers at 500 messages per virtual second: every message is received once and deleted, and the
 * simulator keeps up (each receive takes from a deque; no scan over the queue).
 */
class SqsThroughputTest {

    private final SimRegion region = SimRegion.empty();
    private final VirtualScheduler time = region.scheduler();
    private final SqsAsyncClient sqs = region.cloud().sqs();
    private final Set<String> received = new HashSet<>();
    private int duplicates;
    private boolean producing = true;

    @Test
    void fiveConsumersDrainFiveHundredMessagesPerSecondForTwoMinutes() {
        String url = time.await(sqs.createQueue(b -> b.queueName("firehose")), Duration.ofSeconds(1)).queueUrl();
        int[] sent = {0};
        Runnable[] produce = new Runnable[1];
        produce[0] = () -> {
            if (!producing) return;
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>(10);
            for (int i = 0; i < 10; i++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("{\"n\":" + sent[0]++ + "}").build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(url).entries(batch));
            time.schedule(Duration.ofMillis(20), produce[0]);
        };
        produce[0].run();
        for (int c = 0; c < 5; c++) consume(url);

        time.runFor(Duration.ofMinutes(2));
        producing = false;
        time.runFor(Duration.ofMinutes(1));

        assertThat(sent[0]).isEqualTo(60_010);
        assertThat(received).hasSize(sent[0]);
        assertThat(duplicates).isZero();
        assertThat(time.await(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)), Duration.ofSeconds(1))
                .attributesAsStrings().values()).containsOnly("0");
    }

    private void consume(String url) {
        sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(20)).thenAccept(r -> {
            if (r.hasMessages() && !r.messages().isEmpty()) {
                List<DeleteMessageBatchRequestEntry> done = new ArrayList<>(r.messages().size());
                int i = 0;
                for (Message m : r.messages()) {
                    if (!received.add(m.messageId())) duplicates++;
                    done.add(DeleteMessageBatchRequestEntry.builder().id("d" + i++).receiptHandle(m.receiptHandle()).build());
                }
                sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done));
            }
            if (producing || !r.messages().isEmpty()) consume(url);
        });
    }
}

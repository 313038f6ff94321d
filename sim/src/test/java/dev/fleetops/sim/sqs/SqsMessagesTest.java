package dev.fleetops.sim.sqs;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sending, long polling in virtual time, visibility, redrive and deletion, through {@link SqsAsyncClient}. */
class SqsMessagesTest {

    private final SimRegion region = SimRegion.empty();
    private final VirtualScheduler time = region.scheduler();
    private final SqsAsyncClient sqs = region.cloud().sqs();

    private <T> T await(CompletableFuture<T> f) {
        return time.await(f, Duration.ofHours(1));
    }

    private String queue(String name, Map<String, String> attributes) {
        return await(sqs.createQueue(b -> b.queueName(name).attributesWithStrings(attributes))).queueUrl();
    }

    private List<Message> receive(String url, int waitSeconds) {
        return await(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL))).messages();
    }

    private Map<String, String> counts(String url) {
        return await(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))).attributesAsStrings();
    }

    private static String code(Throwable t) {
        Throwable c = t;
        while (!(c instanceof AwsServiceException) && c.getCause() != null) c = c.getCause();
        return ((AwsServiceException) c).awsErrorDetails().errorCode();
    }

    @Test
    void sendReturnsTheRealMd5AndDeterministicIdsAndTheMessageComesBackWithItsAttributes() {
        String url = queue("jobs", Map.of());
        SendMessageResponse sent = await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("hello")
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("x").build()))));
        assertThat(sent.md5OfMessageBody()).isEqualTo("5d41402abc4b2a76b9719d911017c592"); // md5("hello")
        assertThat(sent.md5OfMessageAttributes()).hasSize(32);
        assertThat(sent.messageId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

        SimRegion twin = SimRegion.empty();
        String twinUrl = twin.scheduler().await(twin.cloud().sqs().createQueue(b -> b.queueName("jobs")), Duration.ofSeconds(1)).queueUrl();
        String twinId = twin.scheduler().await(twin.cloud().sqs().sendMessage(b -> b.queueUrl(twinUrl).messageBody("hello")
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("x").build()))),
                Duration.ofSeconds(1)).messageId();
        assertThat(twinId).isEqualTo(sent.messageId());

        Message m = await(sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP))).messages().get(0);
        assertThat(m.body()).isEqualTo("hello");
        assertThat(m.md5OfBody()).isEqualTo(sent.md5OfMessageBody());
        assertThat(m.messageAttributes().get("kind").stringValue()).isEqualTo("x");
        assertThat(m.md5OfMessageAttributes()).isEqualTo(sent.md5OfMessageAttributes());
        assertThat(m.attributes()).containsOnlyKeys(MessageSystemAttributeName.SENT_TIMESTAMP);
        assertThat(m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
                .isEqualTo(Long.toString(VirtualScheduler.DEFAULT_START.toEpochMilli()));
    }

    @Test
    void longPollAnswersAsSoonAsAMessageArrivesInVirtualTime() {
        String url = queue("events", Map.of());
        CompletableFuture<ReceiveMessageResponse> poll = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)
                .maxNumberOfMessages(10));
        time.schedule(Duration.ofSeconds(7), () -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("a").messageBody("one").build(),
                SendMessageBatchRequestEntry.builder().id("b").messageBody("two").build())));

        ReceiveMessageResponse r = await(poll);

        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(7));
        assertThat(r.messages()).extracting(Message::body).containsExactly("one", "two");
    }

    @Test
    void emptyLongPollEndsAfterExactlyWaitTimeSecondsAndTheQueueDefaultApplies() {
        String url = queue("quiet", Map.of("ReceiveMessageWaitTimeSeconds", "5"));
        assertThat(await(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(13))).messages()).isEmpty();
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(13));
        assertThat(await(sqs.receiveMessage(b -> b.queueUrl(url))).messages()).isEmpty();
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(18));
        assertThat(await(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0))).messages()).isEmpty();
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(18));
    }

    @Test
    void anUndeletedMessageReappearsAfterTheVisibilityTimeoutWithItsReceiveCount() {
        String url = queue("work", Map.of("VisibilityTimeout", "15"));
        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("job")));

        Message first = receive(url, 0).get(0);
        assertThat(first.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("1");
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "1");
        assertThat(receive(url, 0)).isEmpty();

        Message second = receive(url, 20).get(0); // the long poll ends when the timeout does
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(15));
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(second.receiptHandle()).isNotEqualTo(first.receiptHandle());
        assertThat(second.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).isEqualTo("2");
        assertThat(second.attributes().get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP))
                .isEqualTo(Long.toString(VirtualScheduler.DEFAULT_START.toEpochMilli()));
    }

    @Test
    void changeMessageVisibilityExtendsTheHiddenPeriodFromNow() {
        String url = queue("long-work", Map.of("VisibilityTimeout", "30"));
        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("job")));
        Message m = receive(url, 0).get(0);
        time.runFor(Duration.ofSeconds(20));
        await(sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(60)));

        time.runFor(Duration.ofSeconds(59));
        assertThat(receive(url, 0)).isEmpty();
        assertThat(receive(url, 20)).hasSize(1);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(80));
    }

    @Test
    void aMessageReceivedMaxReceiveCountTimesMovesToTheDeadLetterQueue() {
        String dlq = queue("work-dlq", Map.of());
        String dlqArn = await(sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN)))
                .attributesAsStrings().get("QueueArn");
        assertThat(dlqArn).isEqualTo("arn:aws:sqs:us-east-1:123456789012:work-dlq");
        String url = queue("work", Map.of("VisibilityTimeout", "10",
                "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"3\"}"));
        SendMessageResponse sent = await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison")));

        for (int i = 1; i <= 3; i++) {
            List<Message> got = receive(url, 20);
            assertThat(got).hasSize(1);
            assertThat(got.get(0).attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
                    .isEqualTo(Integer.toString(i));
        }
        assertThat(receive(url, 20)).isEmpty(); // the fourth attempt finds it gone to the DLQ

        List<Message> dead = receive(dlq, 0);
        assertThat(dead).extracting(Message::messageId).containsExactly(sent.messageId());
        assertThat(dead.get(0).attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN))
                .isEqualTo("arn:aws:sqs:us-east-1:123456789012:work");
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
    }

    @Test
    void deleteWithTheCurrentHandleDeletesAndAStaleHandleSucceedsWithoutDeleting() {
        String url = queue("handles", Map.of("VisibilityTimeout", "5"));
        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("job")));
        Message first = receive(url, 0).get(0);
        Message second = receive(url, 20).get(0); // redelivered after 5 s: a new handle

        await(sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle())));
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessagesNotVisible", "1");
        assertThatThrownBy(() -> await(sqs.changeMessageVisibility(b -> b.queueUrl(url)
                .receiptHandle(first.receiptHandle()).visibilityTimeout(10))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("InvalidParameterValue"))
                .hasMessageContaining("Message does not exist or is not available for visibility timeout change");

        await(sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(second.receiptHandle())));
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
        await(sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(second.receiptHandle()))); // again: still fine
        time.runFor(Duration.ofMinutes(1));
        assertThat(receive(url, 0)).isEmpty();

        assertThatThrownBy(() -> await(sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("not-a-handle"))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("ReceiptHandleIsInvalid"))
                .hasMessageContaining("The input receipt handle \"not-a-handle\" is not a valid receipt handle.");
    }

    @Test
    void changingTheVisibilityOfAMessageThatIsVisibleAgainIsMessageNotInflight() {
        String url = queue("inflight", Map.of("VisibilityTimeout", "5"));
        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("job")));
        Message m = receive(url, 0).get(0);
        time.runFor(Duration.ofSeconds(6));
        assertThatThrownBy(() -> await(sqs.changeMessageVisibility(b -> b.queueUrl(url)
                .receiptHandle(m.receiptHandle()).visibilityTimeout(10))))
                .satisfies(t -> assertThat(code(t)).isEqualTo("AWS.SimpleQueueService.MessageNotInflight"));
    }

    @Test
    void delayedMessagesAndRetentionExpiry() {
        String url = queue("delayed", Map.of("MessageRetentionPeriod", "60"));
        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("later").delaySeconds(10)));
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessagesDelayed", "1")
                .containsEntry("ApproximateNumberOfMessages", "0");
        assertThat(receive(url, 20)).extracting(Message::body).containsExactly("later");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(10));

        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("forgotten")));
        time.runFor(Duration.ofSeconds(61));
        assertThat(counts(url)).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
        assertThat(receive(url, 0)).isEmpty();
    }

    @Test
    void aCancelledLongPollTakesNoMessage() {
        String url = queue("cancel", Map.of());
        CompletableFuture<ReceiveMessageResponse> abandoned = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20));
        time.runFor(Duration.ofSeconds(1));
        abandoned.cancel(true);
        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("for someone else")));
        assertThat(receive(url, 0)).extracting(Message::body).containsExactly("for someone else");
    }
}

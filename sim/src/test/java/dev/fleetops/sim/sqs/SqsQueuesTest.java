package dev.fleetops.sim.sqs;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Queue management and every bad request's error (type and code as the Java SDK reports them from AWS). */
class SqsQueuesTest {

    private final SimRegion region = SimRegion.empty();
    private final VirtualScheduler time = region.scheduler();
    private final SqsAsyncClient sqs = region.cloud().sqs();

    private <T> T await(CompletableFuture<T> f) {
        return time.await(f, Duration.ofMinutes(5));
    }

    private AwsServiceException failure(CompletableFuture<?> f) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> await(f)).satisfies(t -> caught[0] = t);
        Throwable c = caught[0];
        while (!(c instanceof AwsServiceException) && c.getCause() != null) c = c.getCause();
        assertThat(c).isInstanceOf(AwsServiceException.class);
        return (AwsServiceException) c;
    }

    private String create(String name) {
        return await(sqs.createQueue(b -> b.queueName(name))).queueUrl();
    }

    @Test
    void queuesHaveAwsShapedUrlsAndArnsAndCreateIsIdempotentForEqualAttributes() {
        String url = await(sqs.createQueue(b -> b.queueName("orders").attributesWithStrings(Map.of("VisibilityTimeout", "45"))))
                .queueUrl();
        assertThat(url).isEqualTo("https://sqs.us-east-1.amazonaws.com/123456789012/orders");
        assertThat(await(sqs.createQueue(b -> b.queueName("orders").attributesWithStrings(Map.of("VisibilityTimeout", "45"))))
                .queueUrl()).isEqualTo(url);
        AwsServiceException e = failure(sqs.createQueue(b -> b.queueName("orders")
                .attributesWithStrings(Map.of("VisibilityTimeout", "60"))));
        assertThat(e).isInstanceOf(QueueNameExistsException.class);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("QueueAlreadyExists");

        assertThat(await(sqs.getQueueUrl(b -> b.queueName("orders"))).queueUrl()).isEqualTo(url);
        Map<String, String> all = await(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL)))
                .attributesAsStrings();
        assertThat(all).containsEntry("VisibilityTimeout", "45").containsEntry("MessageRetentionPeriod", "345600")
                .containsEntry("ReceiveMessageWaitTimeSeconds", "0").containsEntry("DelaySeconds", "0")
                .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:123456789012:orders")
                .containsEntry("ApproximateNumberOfMessages", "0").doesNotContainKey("RedrivePolicy");
    }

    @Test
    void listQueuesFiltersByPrefixAndPages() {
        create("app-a");
        create("app-b");
        create("other");
        create("app-c");
        assertThat(await(sqs.listQueues(b -> b.queueNamePrefix("app"))).queueUrls())
                .extracting(u -> u.substring(u.lastIndexOf('/') + 1)).containsExactly("app-a", "app-b", "app-c");
        var page1 = await(sqs.listQueues(b -> b.queueNamePrefix("app").maxResults(2)));
        assertThat(page1.queueUrls()).hasSize(2);
        var page2 = await(sqs.listQueues(b -> b.queueNamePrefix("app").maxResults(2).nextToken(page1.nextToken())));
        assertThat(page2.queueUrls()).hasSize(1);
        assertThat(page2.nextToken()).isNull();
    }

    @Test
    void setAttributesPurgeAndDelete() {
        String url = create("q");
        await(sqs.setQueueAttributes(b -> b.queueUrl(url).attributesWithStrings(Map.of("VisibilityTimeout", "120"))));
        assertThat(await(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)))
                .attributesAsStrings()).containsExactly(Map.entry("VisibilityTimeout", "120"));

        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")));
        await(sqs.purgeQueue(b -> b.queueUrl(url)));
        assertThat(await(sqs.receiveMessage(b -> b.queueUrl(url))).messages()).isEmpty();
        assertThat(failure(sqs.purgeQueue(b -> b.queueUrl(url))).awsErrorDetails().errorCode())
                .isEqualTo("AWS.SimpleQueueService.PurgeQueueInProgress");

        await(sqs.deleteQueue(b -> b.queueUrl(url)));
        AwsServiceException gone = failure(sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")));
        assertThat(gone).isInstanceOf(QueueDoesNotExistException.class);
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
        assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("The specified queue does not exist.");
        assertThat(failure(sqs.createQueue(b -> b.queueName("q"))).awsErrorDetails().errorCode())
                .isEqualTo("AWS.SimpleQueueService.QueueDeletedRecently");
        time.runFor(Duration.ofSeconds(61));
        assertThat(create("q")).isEqualTo(url);
    }

    @Test
    void deletingAQueueFailsItsWaitingLongPolls() {
        String url = create("doomed");
        var poll = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20));
        time.schedule(Duration.ofSeconds(2), () -> sqs.deleteQueue(b -> b.queueUrl(url)));
        assertThat(failure(poll)).isInstanceOf(QueueDoesNotExistException.class);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void batchesReportPerEntryResults() {
        String url = create("batch");
        SendMessageBatchResponse sent = await(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("ok").messageBody("fine").build(),
                SendMessageBatchRequestEntry.builder().id("late").messageBody("x").delaySeconds(901).build())));
        assertThat(sent.successful()).extracting(e -> e.id()).containsExactly("ok");
        assertThat(sent.failed()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("late");
            assertThat(f.code()).isEqualTo("InvalidParameterValue");
            assertThat(f.senderFault()).isTrue();
        });
        String handle = await(sqs.receiveMessage(b -> b.queueUrl(url))).messages().get(0).receiptHandle();
        DeleteMessageBatchResponse deleted = await(sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(
                DeleteMessageBatchRequestEntry.builder().id("1").receiptHandle(handle).build(),
                DeleteMessageBatchRequestEntry.builder().id("2").receiptHandle("garbage").build())));
        assertThat(deleted.successful()).extracting(e -> e.id()).containsExactly("1");
        assertThat(deleted.failed()).extracting(f -> f.code()).containsExactly("ReceiptHandleIsInvalid");
    }

    @Test
    void badRequestsAreRejectedWithAwsErrorCodes() {
        String url = create("strict");
        String other = create("other");
        assertThat(failure(sqs.createQueue(b -> b.queueName("bad name!"))).awsErrorDetails().errorCode())
                .isEqualTo("InvalidParameterValue");
        assertThat(failure(sqs.createQueue(b -> b.queueName("x").attributesWithStrings(Map.of("VisibilityTimeout", "43201"))))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeValue");
        assertThat(failure(sqs.createQueue(b -> b.queueName("x").attributesWithStrings(Map.of("ReceiveMessageWaitTimeSeconds", "21"))))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeValue");
        assertThat(failure(sqs.createQueue(b -> b.queueName("x").attributesWithStrings(Map.of("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:123456789012:nope\",\"maxReceiveCount\":3}"))))
                .awsErrorDetails().errorMessage()).contains("Dead letter target does not exist");
        AwsServiceException badName = failure(sqs.setQueueAttributes(b -> b.queueUrl(url)
                .attributesWithStrings(Map.of("Colour", "blue"))));
        assertThat(badName).isInstanceOf(InvalidAttributeNameException.class);
        assertThat(badName.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeName");
        assertThat(failure(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings("Colour")))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeName");
        assertThat(failure(sqs.getQueueUrl(b -> b.queueName("missing"))).awsErrorDetails().errorCode())
                .isEqualTo("AWS.SimpleQueueService.NonExistentQueue");

        assertThat(failure(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(11))).awsErrorDetails().errorMessage())
                .isEqualTo("Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        assertThat(failure(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21))).awsErrorDetails().errorCode())
                .isEqualTo("InvalidParameterValue");
        assertThat(failure(sqs.sendMessage(b -> b.queueUrl(url).messageBody(""))).awsErrorDetails().errorCode())
                .isEqualTo("MissingParameter");
        assertThat(failure(sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(262_145)))).awsErrorDetails().errorCode())
                .isEqualTo("InvalidParameterValue");
        assertThat(failure(sqs.sendMessage(b -> b.queueUrl(url).messageBody("nul\u0000"))).awsErrorDetails().errorCode())
                .isEqualTo("InvalidMessageContents");

        List<SendMessageBatchRequestEntry> eleven = IntStream.range(0, 11)
                .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("b").build()).toList();
        AwsServiceException tooMany = failure(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(eleven)));
        assertThat(tooMany).isInstanceOf(TooManyEntriesInBatchRequestException.class);
        assertThat(tooMany.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
        assertThat(tooMany.awsErrorDetails().errorMessage()).isEqualTo("Maximum number of entries per request are 10. You have sent 11.");
        assertThat(failure(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(List.of()))).awsErrorDetails().errorCode())
                .isEqualTo("AWS.SimpleQueueService.EmptyBatchRequest");
        assertThat(failure(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("same").messageBody("1").build(),
                SendMessageBatchRequestEntry.builder().id("same").messageBody("2").build()))).awsErrorDetails().errorCode())
                .isEqualTo("AWS.SimpleQueueService.BatchEntryIdsNotDistinct");

        await(sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")));
        String handle = await(sqs.receiveMessage(b -> b.queueUrl(url))).messages().get(0).receiptHandle();
        AwsServiceException wrongQueue = failure(sqs.deleteMessage(b -> b.queueUrl(other).receiptHandle(handle)));
        assertThat(wrongQueue).isInstanceOf(ReceiptHandleIsInvalidException.class);
        assertThat(failure(sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(handle).visibilityTimeout(43_201)))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    }
}

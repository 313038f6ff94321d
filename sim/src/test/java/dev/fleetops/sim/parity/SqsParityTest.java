package dev.fleetops.sim.parity;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SQS queues, messages and visibility: what the simulated region and moto agree on. */
class SqsParityTest {

    private static final String BODY = "{\"detail-type\":\"EC2 Spot Instance Interruption Warning\"}";

    @ParityTest
    void aQueueHasAnAccountScopedUrlAndArnAndAwsDefaults(Backend backend) {
        String url = createQueue(backend, "parity-q", Map.of());

        assertThat(url).endsWith("/123456789012/parity-q");
        assertThat(backend.await(backend.cloud().sqs().getQueueUrl(r -> r.queueName("parity-q"))).queueUrl())
                .isEqualTo(url);
        Map<QueueAttributeName, String> attributes = attributes(backend, url);
        assertThat(attributes.get(QueueAttributeName.QUEUE_ARN)).isEqualTo("arn:aws:sqs:us-east-1:123456789012:parity-q");
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("30");
        assertThat(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("0");
    }

    @ParityTest
    void aSentMessageIsReceivedOnceThenHiddenAndGoneWhenDeleted(Backend backend) {
        String url = createQueue(backend, "parity-q", Map.of());
        var sqs = backend.cloud().sqs();

        var sent = backend.await(sqs.sendMessage(r -> r.queueUrl(url).messageBody(BODY)));
        assertThat(sent.messageId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(sent.md5OfMessageBody()).isEqualTo(md5(BODY));

        Message received = receiveOne(backend, url, 0);
        assertThat(received.messageId()).isEqualTo(sent.messageId());
        assertThat(received.body()).isEqualTo(BODY);
        assertThat(received.md5OfBody()).isEqualTo(md5(BODY));
        assertThat(received.receiptHandle()).isNotBlank();
        assertThat(received.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1");

        assertThat(receive(backend, url, 0)).as("in flight, so invisible").isEmpty();
        Map<QueueAttributeName, String> inFlight = attributes(backend, url);
        assertThat(inFlight.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("0");
        assertThat(inFlight.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("1");

        backend.await(sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(received.receiptHandle())));

        Map<QueueAttributeName, String> after = attributes(backend, url);
        assertThat(after.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("0");
        assertThat(after.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo("0");
        assertThat(receive(backend, url, 0)).isEmpty();
    }

    @ParityTest
    void changeMessageVisibilityToZeroReleasesTheMessageAtOnce(Backend backend) {
        String url = createQueue(backend, "parity-q", Map.of());
        backend.await(backend.cloud().sqs().sendMessage(r -> r.queueUrl(url).messageBody(BODY)));
        Message first = receiveOne(backend, url, 0);

        backend.await(backend.cloud().sqs().changeMessageVisibility(r -> r.queueUrl(url)
                .receiptHandle(first.receiptHandle()).visibilityTimeout(0)));

        Message again = receiveOne(backend, url, 0);
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    }

    @ParityTest
    void anUndeletedMessageReappearsAfterItsVisibilityTimeout(Backend backend) {
        // One second: on moto the timeout elapses in real time, the long poll below waits for it.
        String url = createQueue(backend, "parity-short", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
        backend.await(backend.cloud().sqs().sendMessage(r -> r.queueUrl(url).messageBody(BODY)));
        Message first = receiveOne(backend, url, 0);

        Message again = receiveOne(backend, url, 5);

        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.receiptHandle()).isNotEqualTo(first.receiptHandle());
        assertThat(again.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    }

    @ParityTest
    void anUnknownQueueDoesNotExist(Backend backend) {
        var failure = backend.failure(backend.cloud().sqs().getQueueUrl(r -> r.queueName("no-such-queue")));

        // AWS's JSON protocol names the modeled error (QueueDoesNotExist) and carries the query-compatible code.
        assertThat(failure.awsErrorDetails().errorCode()).isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
        if (backend.isSim()) {
            // moto puts the query code in __type, so the SDK cannot map it to the modeled exception there.
            assertThat(failure).isInstanceOf(QueueDoesNotExistException.class);
        }
    }

    private static String createQueue(Backend backend, String name, Map<QueueAttributeName, String> attributes) {
        return backend.await(backend.cloud().sqs().createQueue(r -> r.queueName(name).attributes(attributes)))
                .queueUrl();
    }

    private static Map<QueueAttributeName, String> attributes(Backend backend, String url) {
        return backend.await(backend.cloud().sqs().getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.ALL))).attributes();
    }

    private static List<Message> receive(Backend backend, String url, int waitSeconds) {
        return backend.await(backend.cloud().sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(1)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))).messages();
    }

    private static Message receiveOne(Backend backend, String url, int waitSeconds) {
        List<Message> messages = receive(backend, url, waitSeconds);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private static String md5(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

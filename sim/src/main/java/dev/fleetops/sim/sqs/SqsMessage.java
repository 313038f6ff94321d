package dev.fleetops.sim.sqs;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.Map;

/** One message's life in a queue: delayed, visible, in flight (with the current receipt), gone. */
final class SqsMessage {

    enum State { DELAYED, VISIBLE, IN_FLIGHT, GONE }

    final String id;
    final String body;
    final String md5OfBody;
    final Map<String, MessageAttributeValue> attributes;
    final String md5OfAttributes;
    /** Epoch milliseconds of the original send; kept when the message moves to a dead-letter queue. */
    final long sentMillis;
    /** The source queue's ARN once redriven to a dead-letter queue. */
    String deadLetterSourceArn;

    State state;
    int receiveCount;
    long firstReceiveMillis;
    /** Virtual nanos of the receive that started the current in-flight period (12-hour visibility cap). */
    long receivedAtNanos;
    /** The timer that ends the delay or the visibility timeout. */
    Scheduler.Cancellable timer;
    /** Re-used for every timer of this message, so a receive allocates no task body. */
    Runnable onTimer;

    SqsMessage(String id, String body, Map<String, MessageAttributeValue> attributes, long sentMillis) {
        this.id = id;
        this.body = body;
        this.md5OfBody = MessageDigests.ofBody(body);
        this.attributes = attributes == null ? Map.of() : attributes;
        this.md5OfAttributes = MessageDigests.ofAttributes(this.attributes);
        this.sentMillis = sentMillis;
    }

    /** A copy with the same identity and history, for the dead-letter queue. */
    SqsMessage copyForDeadLetter(String sourceArn) {
        SqsMessage m = new SqsMessage(id, body, attributes, sentMillis, md5OfBody, md5OfAttributes);
        m.receiveCount = receiveCount;
        m.firstReceiveMillis = firstReceiveMillis;
        m.deadLetterSourceArn = sourceArn;
        return m;
    }

    private SqsMessage(String id, String body, Map<String, MessageAttributeValue> attributes, long sentMillis,
                       String md5OfBody, String md5OfAttributes) {
        this.id = id;
        this.body = body;
        this.attributes = attributes;
        this.sentMillis = sentMillis;
        this.md5OfBody = md5OfBody;
        this.md5OfAttributes = md5OfAttributes;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}

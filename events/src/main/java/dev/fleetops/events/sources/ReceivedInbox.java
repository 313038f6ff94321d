package dev.fleetops.events.sources;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.journal.Inbox;
import dev.fleetops.json.Json;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The SQS messages one replica holds, kept in its local inbox from receipt until they leave its hands (deleted,
 * given back, dead-lettered), with the receipt handle they came with. A restart of the replica on the same store
 * takes them up again at once: while the dead process's visibility timeout runs, that handle is still the
 * message's, so the restart can finish, extend or delete it; without the inbox the message waits out the timeout
 * and then behind the queue's backlog. Best effort: a message received and killed before its entry was durable is
 * redelivered by SQS as before, so a put is never awaited.
 */
final class ReceivedInbox {

    private final Inbox inbox;
    private final String queueUrl;

    ReceivedInbox(Inbox inbox, String queueUrl) {
        this.inbox = inbox;
        this.queueUrl = queueUrl;
    }

    /** One entry per receive of a message (a redelivery has a new receipt handle). */
    private static String entryId(Message m) {
        return m.messageId() + ":" + receiveCount(m);
    }

    void held(List<Message> messages) {
        for (Message m : messages) {
            String entry = Json.compact(Json.object().put("queue", queueUrl).put("messageId", m.messageId())
                    .put("receiptHandle", m.receiptHandle()).put("receiveCount", receiveCount(m)).put("body", m.body()));
            inbox.put(entryId(m), entry);
        }
    }

    void released(Message m) {
        inbox.done(entryId(m));
    }

    /** What a previous process on this store still held of this queue, as the messages it received. */
    CompletableFuture<List<Message>> pending() {
        return inbox.pending().toCompletableFuture().thenApply(all -> {
            List<Message> out = new ArrayList<>();
            for (Inbox.PendingEvent p : all) {
                JsonNode e;
                try {
                    e = Json.parse(p.body());
                } catch (IOException damaged) {
                    inbox.done(p.eventId()); // written by this class only: not a message any more
                    continue;
                }
                if (!e.path("queue").asText().equals(queueUrl)) continue; // another source's
                out.add(Message.builder().messageId(e.path("messageId").asText()).receiptHandle(e.path("receiptHandle").asText())
                        .body(e.path("body").asText())
                        .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, e.path("receiveCount").asText("1")))
                        .build());
            }
            return out;
        });
    }

    private static String receiveCount(Message m) {
        String c = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return c == null ? "1" : c;
    }
}

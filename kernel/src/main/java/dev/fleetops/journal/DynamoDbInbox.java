package dev.fleetops.journal;

import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.fleetops.journal.DynamoDbBackend.s;

/** The intake's inbox in the {@code -inbox} table: one item per event id, put on condition it is new. */
final class DynamoDbInbox {

    private final DynamoDbTables t;

    DynamoDbInbox(DynamoDbTables tables) {
        this.t = tables;
    }

    boolean put(Op.Put p) {
        try {
            t.call(t.inbox(), "PutItem", t.client().putItem(b -> b.tableName(t.inbox())
                    .item(Map.of(DynamoDbTables.EVENT_ID, s(p.eventId()), "Body", s(p.body()), "ReceivedAt", s(p.now().toString())))
                    .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", DynamoDbTables.EVENT_ID))));
            return true;
        } catch (ConditionalCheckFailedException known) {
            return false;
        }
    }

    /** Forgets the event (deleting an unknown one changes nothing): the table holds only what is not yet handled. */
    Void done(Op.Done d) {
        t.call(t.inbox(), "DeleteItem", t.client().deleteItem(b -> b.tableName(t.inbox())
                .key(Map.of(DynamoDbTables.EVENT_ID, s(d.eventId())))));
        return null;
    }

    /** Oldest first by arrival time (the scheduler's), then id. */
    List<Inbox.PendingEvent> pending() {
        return DynamoDbBackend.scan(t, t.inbox(), "attribute_not_exists(#d)", Map.of("#d", "DoneAt")).stream()
                .map(i -> new Inbox.PendingEvent(i.get(DynamoDbTables.EVENT_ID).s(), i.get("Body").s(), Instant.parse(i.get("ReceivedAt").s())))
                .sorted(Comparator.comparing(Inbox.PendingEvent::receivedAt).thenComparing(Inbox.PendingEvent::eventId)).toList();
    }
}

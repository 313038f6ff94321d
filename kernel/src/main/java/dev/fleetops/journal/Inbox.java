package dev.fleetops.journal;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The HTTP intake's durable inbox: an event is put (and durable) before the intake answers 202, marked done once
 * handled, and whatever is still pending after a crash is handled again on restart.
 */
public interface Inbox {

    /** Stores the event; the stage yields false when an event with this id was already there (kept as it was). */
    CompletionStage<Boolean> put(String eventId, String body);

    /** The event is handled: forgets it (an unknown id is a no-op), so the inbox holds only what is in hand. */
    CompletionStage<Void> done(String eventId);

    /** Events put and not yet done, in the order they arrived. */
    CompletionStage<List<PendingEvent>> pending();

    record PendingEvent(String eventId, String body, Instant receivedAt) { }

    /**
     * The entries whose ids start with {@code prefix}, seen without it: one source's part of a shared inbox (the
     * SQS source keeps its received messages under "sqs:", next to the HTTP intake's events).
     */
    default Inbox within(String prefix) {
        return new PrefixedInbox(this, prefix, true);
    }

    /** Every entry but those whose ids start with {@code prefix} (which other sources keep). */
    default Inbox without(String prefix) {
        return new PrefixedInbox(this, prefix, false);
    }
}

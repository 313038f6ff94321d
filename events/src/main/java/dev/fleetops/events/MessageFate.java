package dev.fleetops.events;

import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerRecord;

import java.util.List;

/**
 * What became of one message, and so what its source does with it: delete it, leave it for redelivery, or move
 * it aside (dead-letter queue).
 */
public sealed interface MessageFate {

    enum Disposition {
        /** Done (or deliberately dropped): delete the message. */
        DELETE,
        /** A handler failed or is still running elsewhere: keep the message, the queue redelivers it. */
        RETRY,
        /** Unparsable or unknown: never retried forever; the queue's redrive policy or our DLQ takes it. */
        DEAD_LETTER
    }

    Disposition disposition();

    /** Matched at least one rule; deleted only when every handler's record is done. */
    record Handled(Event event, List<HandlerRecord> records) implements MessageFate {
        @Override
        public Disposition disposition() {
            for (HandlerRecord r : records) if (!r.done()) return Disposition.RETRY;
            return Disposition.DELETE;
        }
    }

    /** A valid event no rule wants (EventBridge sends every instance's events in the Region). */
    record Unmatched(Event event) implements MessageFate {
        @Override
        public Disposition disposition() {
            return Disposition.DELETE;
        }
    }

    record Acknowledged(String reason) implements MessageFate {
        @Override
        public Disposition disposition() {
            return Disposition.DELETE;
        }
    }

    record Rejected(String reason) implements MessageFate {
        @Override
        public Disposition disposition() {
            return Disposition.DEAD_LETTER;
        }
    }
}

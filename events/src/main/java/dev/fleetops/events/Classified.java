package dev.fleetops.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.events.spi.Event;

/**
 * What the {@link Classifier} made of one message. Every message ends as exactly one of these: an event to
 * match against the rules, a message acknowledged and dropped on purpose (the Auto Scaling test notification),
 * or a rejected message with the reason (counted, logged, moved aside; never retried forever).
 */
public sealed interface Classified {

    /**
     * @param envelope the EventBridge envelope the rules match: the message's own tree when it already has exactly
     *                 that shape (the common case: no copy), otherwise {@link Event#envelopeJson()}; read only
     */
    record Accepted(Event event, JsonNode envelope) implements Classified {

        public Accepted(Event event) {
            this(event, event.envelopeJson());
        }
    }

    /** Deliberately dropped (e.g. autoscaling:TEST_NOTIFICATION): delete the message, count it, do nothing. */
    record Acknowledged(String reason) implements Classified { }

    /** Unknown or malformed: the reason says what is wrong, in a user's words. */
    record Rejected(String reason) implements Classified { }
}

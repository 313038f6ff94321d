package dev.fleetops.events;

import dev.fleetops.events.spi.Event;

/**
 * What the {@link Classifier} made of one message. Every message ends as exactly one of these: an event to
 * match against the rules, a message acknowledged and dropped on purpose (the Auto Scaling test notification),
 * or a rejected message with the reason (counted, logged, moved aside; never retried forever).
 */
public sealed interface Classified {

    record Accepted(Event event) implements Classified { }

    /** Deliberately dropped (e.g. autoscaling:TEST_NOTIFICATION): delete the message, count it, do nothing. */
    record Acknowledged(String reason) implements Classified { }

    /** Unknown or malformed: the reason says what is wrong, in a user's words. */
    record Rejected(String reason) implements Classified { }
}

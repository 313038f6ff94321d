package dev.fleetops.events;

import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happens to messages on their way through the intake, one record per fact, published on
 * {@link Intake#events()}: {@code serve}'s /metrics ({@link PrometheusMetrics}) and its log ({@link IntakeLog})
 * listen. Built only when someone listens.
 */
public sealed interface IntakeEvent {

    /** When it happened (the scheduler's now: virtual time on the simulator). */
    Instant at();

    /** A message arrived from {@code source} (sqs, http, file, bus). */
    record Received(Instant at, String source) implements IntakeEvent { }

    /** Unknown or malformed; the source dead-letters it. */
    record Rejected(Instant at, String source, String reason) implements IntakeEvent { }

    /** Deliberately dropped (Auto Scaling test notifications). */
    record Acknowledged(Instant at, String source, String reason) implements IntakeEvent { }

    /** A valid event; {@code lag} is now minus its event time, when it has one. */
    record Accepted(Instant at, String source, Event event, Optional<Duration> lag) implements IntakeEvent { }

    /** The rules the event matched, in rule order (none: nothing else happens to it). */
    record Matched(Instant at, Event event, List<String> rules) implements IntakeEvent {
        public Matched {
            rules = List.copyOf(rules);
        }
    }

    /**
     * A rule's handler finished; {@code record.done()} says whether it succeeded. {@code executionId} is the
     * journaled run's id (empty when the intake has no journal).
     */
    record Handled(Instant at, String rule, HandlerRecord record, Duration duration, Optional<String> executionId)
            implements IntakeEvent {
        public String handler() {
            return record.handler();
        }
    }

    /** The event, or the (instance, action) it asks for, was already handled: nothing new done. */
    record DuplicateAbsorbed(Instant at, String rule, String eventId, String note) implements IntakeEvent { }

    /** The handler failed: its idempotency keys are released so the redelivered message tries again. */
    record Released(Instant at, String rule, String eventId) implements IntakeEvent { }

    /** What a handler did to an instance, as it happened; {@code executionId} as in {@link Handled}. */
    record HandlerEffect(Instant at, String rule, String handler, String eventId, Effect effect, Optional<String> executionId)
            implements IntakeEvent { }

    /** A queue message put aside: moved to the dead-letter queue, left to the queue's redrive policy, or dropped. */
    record DeadLettered(Instant at, String messageId, String reason, Route route, int receive, String body)
            implements IntakeEvent {

        public enum Route { MOVED_TO_DEAD_LETTER_QUEUE, LEFT_TO_REDRIVE_POLICY, DROPPED }

        /** Counted once per message: the redrive policy sees it on several receives before it moves it. */
        public boolean first() {
            return route != Route.LEFT_TO_REDRIVE_POLICY || receive == 1;
        }
    }

    /** An in-flight queue message handed back at shutdown (ChangeMessageVisibility 0) for another consumer. */
    record MessageReleased(Instant at, String messageId) implements IntakeEvent { }

    /** A source's trouble that loses nothing (a failed receive retried, a delete that will be redelivered...). */
    record SourceWarning(Instant at, String source, String message) implements IntakeEvent { }

    /**
     * An execution a stopped or dead process left open in the journal, taken up at start-up: {@code kind} the
     * journal's kind ({@code runbook}, {@code handler}), {@code outcome} its final status, or {@code left} with
     * the reason in {@code detail}.
     */
    record ExecutionRecovered(Instant at, String kind, String executionId, String outcome, String detail) implements IntakeEvent { }
}

package dev.fleetops.events;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The intake's log: one line for each {@link IntakeEvent} an operator should read (rejections, drops,
 * dead-lettered and released messages, source warnings); routine events make no line.
 */
public final class IntakeLog {

    private IntakeLog() { }

    /** A consumer for {@link Intake#events()} that writes lines to {@code out}. */
    public static Consumer<IntakeEvent> to(Consumer<String> out) {
        return e -> line(e).ifPresent(out);
    }

    static Optional<String> line(IntakeEvent event) {
        if (event instanceof IntakeEvent.Rejected r) return Optional.of("rejected message from " + r.source() + ": " + r.reason());
        if (event instanceof IntakeEvent.Acknowledged a) return Optional.of("acknowledged and dropped: " + a.reason());
        if (event instanceof IntakeEvent.DeadLettered d) {
            return Optional.of("message " + d.messageId() + switch (d.route()) {
                case MOVED_TO_DEAD_LETTER_QUEUE -> " moved to the dead-letter queue: " + d.reason();
                case LEFT_TO_REDRIVE_POLICY -> " left to the queue's redrive policy (receive " + d.receive() + "): " + d.reason();
                case DROPPED -> " dropped (no dead-letter queue): " + d.reason() + "; body: " + d.body();
            });
        }
        if (event instanceof IntakeEvent.MessageReleased m) {
            return Optional.of("released in-flight message " + m.messageId() + " at shutdown");
        }
        if (event instanceof IntakeEvent.SourceWarning w) return Optional.of(w.message());
        if (event instanceof IntakeEvent.ExecutionRecovered x) {
            return Optional.of("recovered " + x.kind() + " execution " + x.executionId() + ": " + x.outcome()
                    + (x.detail().isEmpty() ? "" : " (" + x.detail() + ")"));
        }
        // one line per handling and per absorbed duplicate: what a restart or a takeover did can be read back
        if (event instanceof IntakeEvent.DuplicateAbsorbed d) return Optional.of("rule " + d.rule() + ": event " + d.eventId() + ": " + d.note());
        if (event instanceof IntakeEvent.Handled h) {
            return Optional.of("rule " + h.rule() + ": event " + h.record().eventId() + " handled: " + h.record().status());
        }
        return Optional.empty();
    }
}

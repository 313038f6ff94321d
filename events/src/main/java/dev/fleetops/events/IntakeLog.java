package dev.fleetops.events;

import dev.fleetops.events.spi.Effect;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The intake's log: one line for each {@link IntakeEvent} an operator should read (rejections, drops,
 * dead-lettered and released messages, source warnings); routine events make no line.
 *
 * <p>{@link #toLogger} writes them through SLF4J with structured key-values ({@code rule}, {@code eventId},
 * {@code instance}, {@code action}, {@code outcome}, {@code executionId}): one line per handled event and per
 * effect at INFO, trouble at WARN, arrivals and heartbeats at DEBUG.
 */
public final class IntakeLog {

    private IntakeLog() { }

    /** A consumer for {@link Intake#events()} that writes lines to {@code out}. */
    public static Consumer<IntakeEvent> to(Consumer<String> out) {
        return e -> line(e).ifPresent(out);
    }

    /** A consumer for {@link Intake#events()} that logs every event to {@code log} at its level. */
    public static Consumer<IntakeEvent> toLogger(Logger log) {
        return toLogger(log, false);
    }

    /**
     * As above; with {@code dryRun} (serve --dry-run: mutating calls are logged, not sent) an effect line says so and
     * its outcome is {@code dry-run}, not {@code done}: nothing was detached or completed.
     */
    public static Consumer<IntakeEvent> toLogger(Logger log, boolean dryRun) {
        return e -> {
            Level level = level(e);
            if (!log.isEnabledForLevel(level)) return;
            LoggingEventBuilder b = log.atLevel(level);
            if (e instanceof IntakeEvent.HandlerEffect f) {
                b = b.addKeyValue("rule", f.rule()).addKeyValue("eventId", f.eventId())
                        .addKeyValue("instance", f.effect().instanceId()).addKeyValue("action", f.effect().action())
                        .addKeyValue("outcome", dryRun ? "dry-run" : "done");
                if (f.executionId().isPresent()) b = b.addKeyValue("executionId", f.executionId().get());
                b.log("rule {}: {} {}{} (event {})", f.rule(), f.effect().instanceId(), f.effect().action(),
                        dryRun ? " (dry run: not sent)" : "", f.eventId());
                return;
            }
            if (e instanceof IntakeEvent.Handled h) {
                b = b.addKeyValue("rule", h.rule()).addKeyValue("eventId", h.record().eventId())
                        .addKeyValue("action", h.handler()).addKeyValue("outcome", h.record().status().toString());
                String instance = h.record().outputs().get("InstanceId");
                if (instance != null) b = b.addKeyValue("instance", instance);
                if (h.executionId().isPresent()) b = b.addKeyValue("executionId", h.executionId().get());
                b.log(line(e).orElseThrow() + h.record().failureMessage().map(m -> ": " + m).orElse(""));
                return;
            }
            if (e instanceof IntakeEvent.ExecutionRecovered x) {
                b.addKeyValue("executionId", x.executionId()).addKeyValue("outcome", x.outcome()).log(line(e).orElseThrow());
                return;
            }
            Optional<String> text = line(e);
            b.log(text.orElseGet(() -> routine(e)));
        };
    }

    static Level level(IntakeEvent e) {
        if (e instanceof IntakeEvent.Rejected || e instanceof IntakeEvent.DeadLettered || e instanceof IntakeEvent.SourceWarning
                || e instanceof IntakeEvent.Released) {
            return Level.WARN;
        }
        if (e instanceof IntakeEvent.Handled h) return h.record().done() ? Level.INFO : Level.WARN;
        if (e instanceof IntakeEvent.HandlerEffect f) return Effect.HEARTBEAT.equals(f.effect().action()) ? Level.DEBUG : Level.INFO;
        if (e instanceof IntakeEvent.Received || e instanceof IntakeEvent.Accepted || e instanceof IntakeEvent.Matched) {
            return Level.DEBUG;
        }
        return Level.INFO;
    }

    private static String routine(IntakeEvent e) {
        if (e instanceof IntakeEvent.Received r) return "message received from " + r.source();
        if (e instanceof IntakeEvent.Accepted a) return "event " + a.event().id() + " accepted from " + a.source();
        if (e instanceof IntakeEvent.Matched m) return "event " + m.event().id() + " matched " + m.rules();
        if (e instanceof IntakeEvent.Released r) return "rule " + r.rule() + ": event " + r.eventId() + " released for redelivery";
        return e.toString();
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

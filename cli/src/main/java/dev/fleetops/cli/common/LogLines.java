package dev.fleetops.cli.common;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The two line formats; every text that goes out passes {@link Redaction#mask}. */
final class LogLines {

    private static final String OURS = "dev.fleetops.";

    private LogLines() { }

    /** {@code 2026-12-02T19:47:02.123Z INFO  fleetops serve: message key=value...} */
    static String text(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(160)
                .append(Instant.ofEpochMilli(e.getTimeStamp())).append(' ')
                .append(String.format(Locale.ROOT, "%-5s", e.getLevel())).append(' ')
                .append(e.getLoggerName().startsWith(OURS) ? "fleetops " + e.getLoggerName().substring(OURS.length())
                        : e.getLoggerName()).append(": ")
                .append(e.getFormattedMessage());
        for (KeyValuePair kv : pairs(e)) b.append(' ').append(kv.key).append('=').append(kv.value);
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) b.append(" (").append(t.getClassName()).append(": ").append(t.getMessage()).append(')');
        return Redaction.mask(b.toString()).replace("\r", "").replace("\n", "\\n"); // one event, one line
    }

    /** One JSON object: timestamp (ISO-8601 UTC), level, logger, message, then the key-values as their own keys. */
    static String json(ILoggingEvent e) {
        ObjectNode o = Json.object()
                .put("timestamp", Instant.ofEpochMilli(e.getTimeStamp()).toString())
                .put("level", e.getLevel().toString())
                .put("logger", e.getLoggerName())
                .put("thread", e.getThreadName())
                .put("message", Redaction.mask(e.getFormattedMessage()));
        for (KeyValuePair kv : pairs(e)) {
            if (!o.has(kv.key)) o.put(kv.key, Redaction.mask(String.valueOf(kv.value)));
        }
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) o.put("error", Redaction.mask(t.getClassName() + ": " + t.getMessage()));
        return Json.compact(o);
    }

    private static List<KeyValuePair> pairs(ILoggingEvent e) {
        List<KeyValuePair> kvs = e.getKeyValuePairs();
        return kvs == null ? List.of() : kvs;
    }
}

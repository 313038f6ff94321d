package dev.fleetops.cli.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The CLI's log (logback, configured here rather than by a logback.xml): lines on stderr (the command's error
 * stream; stdout stays for results), {@code text} for people or {@code json} (one object per line) for log
 * shippers, with secrets masked ({@link Redaction}). Our loggers ({@code dev.fleetops.*}) log at the chosen level;
 * the libraries' at WARN at most, so {@code debug} does not drown the daemon's story in the SDK's.
 */
public final class Logging {

    public enum LogLevel { error, warn, info, debug }

    public enum LogFormat { text, json }

    /**
     * Logback applies the choice when it starts, at the first logger anyone asks for ({@link DefaultLogging}), not
     * when a command starts: a command that logs nothing (validate) does not pay for logback's start (a tenth of
     * its start-up). A choice made after that start applies at once.
     */
    private record Choice(LogLevel level, LogFormat format, PrintWriter err) { }

    private static Choice chosen = new Choice(LogLevel.warn, LogFormat.text, new PrintWriter(System.err, true));
    private static LoggerContext started;

    /** The logger of a command's own story: {@code dev.fleetops.NAME}, shown as "fleetops NAME:" in text. */
    public static org.slf4j.Logger of(String command) {
        return LoggerFactory.getLogger("dev.fleetops." + command);
    }

    private Logging() { }

    /** Routes every logger to {@code err} at {@code level} in {@code format}, replacing what was configured. */
    public static void configure(LogLevel level, LogFormat format, PrintWriter err) {
        configure(level, format, err, System.getenv());
    }

    static void configure(LogLevel level, LogFormat format, PrintWriter err, Map<String, String> env) {
        Redaction.fromEnvironment(env);
        synchronized (Logging.class) {
            chosen = new Choice(level, format, err);
            if (started != null) apply(started, chosen);
        }
    }

    /** Logback has started on {@code ctx} (its configurator calls this): the latest choice applies to it. */
    static void started(LoggerContext ctx) {
        synchronized (Logging.class) {
            started = ctx;
            apply(ctx, chosen);
        }
    }

    private static void apply(LoggerContext ctx, Choice c) {
        apply(ctx, c.level(), c.format(), c.err());
    }

    private static void apply(LoggerContext ctx, LogLevel level, LogFormat format, PrintWriter err) {
        ctx.reset();
        WriterAppender appender = new WriterAppender(err, format == LogFormat.json ? LogLines::json : LogLines::text);
        appender.setContext(ctx);
        appender.setName("stderr");
        appender.start();
        Level ours = toLogback(level);
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ours.isGreaterOrEqual(Level.WARN) ? ours : Level.WARN);
        root.addAppender(appender);
        ctx.getLogger("dev.fleetops").setLevel(ours);
    }

    static Level toLogback(LogLevel level) {
        return switch (level) {
            case error -> Level.ERROR;
            case warn -> Level.WARN;
            case info -> Level.INFO;
            case debug -> Level.DEBUG;
        };
    }
}

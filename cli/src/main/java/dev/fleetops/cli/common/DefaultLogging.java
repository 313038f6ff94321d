package dev.fleetops.cli.common;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.io.PrintWriter;

/**
 * Logback's configuration before a command sets its own (found by logback through the ServiceLoader): WARN to
 * the process's stderr, as text, so nothing logs its DEBUG to stdout while a command starts.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logging.apply(context, Logging.LogLevel.warn, Logging.LogFormat.text, new PrintWriter(System.err, true));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

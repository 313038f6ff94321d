package dev.fleetops.cli.common;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration (found by logback through the ServiceLoader when the first logger is asked for): the
 * command's choice ({@link Logging#configure}) if it has made one, else WARN to the process's stderr, as text, so
 * nothing logs its DEBUG to stdout while a command starts.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logging.started(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

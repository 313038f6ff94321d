package dev.fleetops.cli.common;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

import java.io.PrintWriter;
import java.util.function.Function;

/** Writes each event as one line to a writer (the command's stderr), whole lines even from several threads. */
final class WriterAppender extends AppenderBase<ILoggingEvent> {

    private final PrintWriter out;
    private final Function<ILoggingEvent, String> layout;

    WriterAppender(PrintWriter out, Function<ILoggingEvent, String> layout) {
        this.out = out;
        this.layout = layout;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String line = layout.apply(event);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}

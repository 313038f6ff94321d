package dev.fleetops.handlers.log;

import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerFactory;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.execution.Status;
import dev.fleetops.source.MapNode;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code handler: log}: records that the rule matched and does nothing else. For trying rules out on real
 * traffic before giving them a handler that acts, and the no-op handler of the SQS intake benchmark.
 * Setting {@code message}: a text added to the record.
 */
public final class LogHandler implements HandlerFactory {

    @Override
    public String name() {
        return "log";
    }

    @Override
    public Handler create(MapNode settings) {
        settings.allowOnly("message");
        String message = settings.optString("message").orElse("");
        return new Handler() {
            @Override
            public String name() {
                return "log";
            }

            @Override
            public CompletionStage<HandlerRecord> handle(Event event, HandlerContext context) {
                Recorder r = context.recorder();
                r.note(event.detailType() + " " + event.instanceId().orElse("(no instance)")
                        + (message.isEmpty() ? "" : ": " + message));
                return CompletableFuture.completedFuture(r.finish(Status.Success));
            }
        };
    }
}

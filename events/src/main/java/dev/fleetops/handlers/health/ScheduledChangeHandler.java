package dev.fleetops.handlers.health;

import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerFactory;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.source.MapNode;

import java.util.concurrent.CompletionStage;

/**
 * {@code scheduled-change}: AWS Health scheduled changes for EC2 instances (instance retirement, scheduled stop,
 * reboot maintenance: {@code aws.health}, {@code eventTypeCategory: scheduledChange}), which
 * aws-node-termination-handler drains on. Before the change's {@code startTime} each affected instance is either
 * replaced through its Auto Scaling group without losing capacity (scale out, wait for the replacement to be
 * healthy, then take the instance out: {@link Replacement}) or handed to a runbook (a graceful reboot, say). The
 * start time is the record's deadline. See {@link ScheduledChangeRun}.
 */
public final class ScheduledChangeHandler implements Handler {

    public static final String NAME = "scheduled-change";

    private final ScheduledChangeSettings settings;

    ScheduledChangeHandler(ScheduledChangeSettings settings) {
        this.settings = settings;
    }

    public static HandlerFactory factory() {
        return new Factory();
    }

    /** Listed in META-INF/services/dev.fleetops.events.spi.HandlerFactory. */
    public static final class Factory implements HandlerFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Handler create(MapNode settings) {
            return new ScheduledChangeHandler(ScheduledChangeSettings.read(settings));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<HandlerRecord> handle(Event event, HandlerContext context) {
        return new ScheduledChangeRun(settings, event, context).run();
    }
}

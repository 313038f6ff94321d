package dev.fleetops.handlers.lifecycle;

import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerFactory;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.source.MapNode;

import java.util.concurrent.CompletionStage;

/**
 * {@code lifecycle-hook}: works a terminate or launch lifecycle action and completes it explicitly. On terminate:
 * deregister from the group's target groups and wait for {@code unused}; optionally run a runbook; heartbeat at
 * half the hook's HeartbeatTimeout meanwhile; CompleteLifecycleAction CONTINUE, or ABANDON when it gives up.
 * Deduplicates its drain itself (key {@code (instance, drain)}, shared with spot-interruption) so that an action
 * whose instance was already drained is still completed rather than skipped. See {@link LifecycleRun}.
 */
public final class LifecycleHookHandler implements Handler {

    public static final String NAME = "lifecycle-hook";

    private final LifecycleSettings settings;

    LifecycleHookHandler(LifecycleSettings settings) {
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
            return new LifecycleHookHandler(LifecycleSettings.read(settings));
        }
    }


    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<HandlerRecord> handle(Event event, HandlerContext context) {
        return new LifecycleRun(settings, event, context).run();
    }
}

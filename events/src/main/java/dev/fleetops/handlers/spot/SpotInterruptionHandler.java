package dev.fleetops.handlers.spot;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.spi.ActionKey;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerFactory;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.Periodic;
import dev.fleetops.source.MapNode;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code spot-interruption}: seed 003 made correct. On the EC2 Spot Instance Interruption Warning (and, with
 * {@code proactive: true}, on the rebalance recommendation) it detaches the instance from its Auto Scaling group
 * without decrementing desired capacity, after making sure the group keeps {@code min-in-service} InService
 * instances, then follows the target's draining. See {@link SpotRun} for the steps and docs/handlers.md.
 */
public final class SpotInterruptionHandler implements Handler, Periodic {

    public static final String NAME = "spot-interruption";
    /** The action key shared with the lifecycle-hook and decommission handlers' drains. */
    public static final String DRAIN = "drain";

    private final SpotSettings settings;

    public SpotInterruptionHandler(SpotSettings settings) {
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
            return new SpotInterruptionHandler(SpotSettings.read(settings));
        }
    }


    public SpotSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The warning and (when proactive) the recommendation drain the instance: one key, so they cause one detach.
     * A recommendation that is ignored claims nothing, or it would make the warning that follows a duplicate.
     */
    @Override
    public Optional<ActionKey> actionKey(Event event) {
        if (Event.REBALANCE.equals(event.detailType()) && !settings.proactive()) return Optional.empty();
        return event.instanceId().map(id -> new ActionKey(id, DRAIN));
    }

    /** With terminate-after: sweep for leaked detached instances every 5 minutes. */
    @Override
    public Duration interval() {
        return settings.terminateAfter().isPresent() ? Duration.ofMinutes(5) : Duration.ZERO;
    }

    @Override
    public CompletionStage<String> tick(Cloud cloud) {
        if (settings.terminateAfter().isEmpty()) return CompletableFuture.completedFuture("nothing to sweep");
        return new DetachedReaper(cloud, settings.tagKey(), settings.terminateAfter().get()).sweep()
                .thenApply(ids -> "detached instances terminated: " + (ids.isEmpty() ? "none" : String.join(", ", ids)));
    }

    @Override
    public CompletionStage<HandlerRecord> handle(Event event, HandlerContext context) {
        return new SpotRun(settings, event, context).run();
    }
}

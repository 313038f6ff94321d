package dev.fleetops.events.spi;

import dev.fleetops.cloud.Cloud;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A handler that also has work to do on a schedule, not only on events: decommission's inventory of live
 * instances, spot-interruption's sweep of leaked detached instances. The daemon runs {@link #tick} every
 * {@link #interval}; a Lambda deployment schedules an EventBridge rule for it.
 */
public interface Periodic {

    /** How often to run {@link #tick}; zero: this handler's settings need no periodic work. */
    Duration interval();

    /** @return a one-line summary of what was done, for the log */
    CompletionStage<String> tick(Cloud cloud);
}

package dev.fleetops.reconcile;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** What one check/apply gets from the engine. */
public interface ApplyContext {

    Services services();

    /** A resource this one requires was changed since this one last ran (mgmt's refresh). */
    boolean refresh();

    /** Completes when the engine gives up on this call (shutdown, timeout): stop waiting, make no further calls. */
    CompletionStage<Void> cancelled();

    /** How long a wait inside the call may take (the resource's timeout, or the default). */
    Duration waitLimit();
}

package dev.fleetops.handlers.decommission;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Instances' cleanup data by instance id, filled while they live and read when they die. Implementations: {@link
 * MemoryInventory} (one process, tests, a daemon that also runs the periodic inventory) and {@link FileInventory}
 * (survives restarts). With several replicas the store must be shared.
 */
public interface Inventory {

    Optional<InventoryEntry> get(String instanceId);

    /** Stores a capture, keeping the cleanups already recorded for the instance. */
    void put(InventoryEntry entry);

    /** Records that {@code cleanup} is done for the instance. */
    void markCleaned(String instanceId, String cleanup);

    List<InventoryEntry> all();

    /** Forgets entries captured before {@code before} that are fully cleaned; returns how many. */
    int prune(Instant before, List<String> cleanups);
}

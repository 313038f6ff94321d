package dev.fleetops.handlers.decommission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inventory in memory, in capture order. Thread-safe. */
class MemoryInventory implements Inventory {

    protected final Map<String, InventoryEntry> entries = new LinkedHashMap<>();

    @Override
    public synchronized Optional<InventoryEntry> get(String instanceId) {
        return Optional.ofNullable(entries.get(instanceId));
    }

    @Override
    public synchronized void put(InventoryEntry entry) {
        entries.put(entry.instanceId(), entry.keepingCleanedOf(entries.get(entry.instanceId())));
        changed();
    }

    @Override
    public synchronized void markCleaned(String instanceId, String cleanup) {
        InventoryEntry e = entries.get(instanceId);
        if (e == null || e.cleaned().contains(cleanup)) return;
        entries.put(instanceId, e.withCleaned(cleanup));
        changed();
    }

    @Override
    public synchronized List<InventoryEntry> all() {
        return new ArrayList<>(entries.values());
    }

    @Override
    public synchronized int prune(Instant before, List<String> cleanups) {
        int n = entries.size();
        entries.values().removeIf(e -> e.capturedAt().isBefore(before) && e.cleaned().containsAll(cleanups));
        if (entries.size() != n) changed();
        return n - entries.size();
    }

    /** Called with the lock held after every change. */
    protected void changed() { }
}

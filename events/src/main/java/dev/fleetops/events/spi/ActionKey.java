package dev.fleetops.events.spi;

/**
 * Idempotency key 2: one action on one instance. The Spot warning, the rebalance recommendation, the terminate
 * lifecycle action and the state-change for one instance all map to {@code (i-..., drain)}, so they cause one
 * drain (each arrives with its own event id, so the event id alone would drain four times).
 */
public record ActionKey(String instanceId, String action) {
    @Override
    public String toString() {
        return "(" + instanceId + ", " + action + ")";
    }
}

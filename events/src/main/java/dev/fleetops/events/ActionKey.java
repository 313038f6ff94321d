package dev.fleetops.events;

/**
 * Idempotency key 2: one action on one instance. The Spot warning, the rebalance recommendation, the terminate
 * lifecycle action and the state-change for one instance all map to {@code (i-..., drain)}, so they cause one
 * drain (reference ec2-events-and-lifecycle.md section 9 item 3).
 */
public record ActionKey(String instanceId, String action) {
    @Override
    public String toString() {
        return "(" + instanceId + ", " + action + ")";
    }
}

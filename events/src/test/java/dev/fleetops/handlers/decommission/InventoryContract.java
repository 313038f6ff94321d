package dev.fleetops.handlers.decommission;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every decommission {@link Inventory} does. {@link #secondReplica()} is another view of the same inventory
 * (for a single-process store, the same instance).
 */
abstract class InventoryContract {

    protected static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    protected abstract Inventory inventory();

    protected abstract Inventory secondReplica();

    static InventoryEntry entry(String id, Instant at, String... cleaned) {
        return new InventoryEntry(id, Optional.of("web-" + id), Optional.of("10.0.0.7"),
                Optional.of("ip-10-0-0-7.ec2.internal"), Optional.empty(), Optional.of("web-" + id + ".example.com"),
                Optional.of("ip-10-0-0-7"), Map.of("Name", "web-" + id, "Role", "web"), at, Set.of(cleaned));
    }

    @Test
    void aCaptureIsReadBackWhole() {
        InventoryEntry e = entry("i-1", T0);
        inventory().put(e);
        assertThat(secondReplica().get("i-1")).contains(e);
        assertThat(inventory().get("i-unknown")).isEmpty();
    }

    @Test
    void cleanupsAreRememberedAndARecaptureDoesNotUndoThem() {
        inventory().put(entry("i-1", T0));
        secondReplica().markCleaned("i-1", "route53");
        secondReplica().markCleaned("i-1", "route53");
        inventory().put(entry("i-1", T0.plusSeconds(300))); // a replayed running event
        InventoryEntry e = inventory().get("i-1").orElseThrow();
        assertThat(e.cleaned()).containsExactly("route53");
        assertThat(e.capturedAt()).isEqualTo(T0.plusSeconds(300));
        inventory().markCleaned("i-never-captured", "chef");
        assertThat(inventory().get("i-never-captured")).isEmpty();
    }

    @Test
    void allListsEveryEntryAndPruneForgetsOnlyOldFullyCleanedOnes() {
        inventory().put(entry("i-old-done", T0, "route53", "chef"));
        inventory().put(entry("i-old-half", T0.plusSeconds(1), "route53"));
        inventory().put(entry("i-new-done", T0.plusSeconds(3600), "route53", "chef"));
        assertThat(secondReplica().all()).extracting(InventoryEntry::instanceId)
                .containsExactly("i-old-done", "i-old-half", "i-new-done");
        assertThat(secondReplica().prune(T0.plusSeconds(60), List.of("route53", "chef"))).isEqualTo(1);
        assertThat(inventory().all()).extracting(InventoryEntry::instanceId).containsExactly("i-old-half", "i-new-done");
        assertThat(inventory().get("i-old-half").orElseThrow().cleaned()).containsExactly("route53");
    }
}

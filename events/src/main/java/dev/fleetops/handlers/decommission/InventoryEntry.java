package dev.fleetops.handlers.decommission;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What cleanup needs to know about an instance, captured while it lives: a terminated instance loses its addresses,
 * and the state-change event carries none of this (Amazon EC2 User Guide: "Events for Amazon EC2 instance state
 * changes" shows the detail: instance-id and state only).
 *
 * @param name       the Name tag
 * @param chefNode   the Chef node (and client) name
 * @param consulNode the Consul node name
 * @param tags       all tags, for templates ({tag:KEY})
 * @param cleaned    cleanups already done for this instance (replays do nothing new)
 */
record InventoryEntry(
        @JsonProperty("InstanceId") String instanceId,
        @JsonProperty("Name") Optional<String> name,
        @JsonProperty("PrivateIpAddress") Optional<String> privateIp,
        @JsonProperty("PrivateDnsName") Optional<String> privateDns,
        @JsonProperty("PublicDnsName") Optional<String> publicDns,
        @JsonProperty("ChefNodeName") Optional<String> chefNode,
        @JsonProperty("ConsulNodeName") Optional<String> consulNode,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonProperty("CapturedAt") Instant capturedAt,
        @JsonProperty("Cleaned") Set<String> cleaned) {

    public InventoryEntry {
        tags = Map.copyOf(new LinkedHashMap<>(tags));
        cleaned = Set.copyOf(new LinkedHashSet<>(cleaned));
    }

    public InventoryEntry withCleaned(String cleanup) {
        Set<String> c = new LinkedHashSet<>(cleaned);
        c.add(cleanup);
        return new InventoryEntry(instanceId, name, privateIp, privateDns, publicDns, chefNode, consulNode, tags,
                capturedAt, c);
    }

    /** A fresh capture keeps what was already cleaned (a replayed running event must not undo it). */
    public InventoryEntry keepingCleanedOf(InventoryEntry older) {
        if (older == null || older.cleaned.isEmpty()) return this;
        Set<String> c = new LinkedHashSet<>(older.cleaned);
        c.addAll(cleaned);
        return new InventoryEntry(instanceId, name, privateIp, privateDns, publicDns, chefNode, consulNode, tags,
                capturedAt, c);
    }

    /** The first label of the private DNS name: the instance's default hostname (ip-10-0-0-1). */
    public Optional<String> hostname() {
        return privateDns.filter(d -> !d.isEmpty()).map(d -> d.contains(".") ? d.substring(0, d.indexOf('.')) : d);
    }
}

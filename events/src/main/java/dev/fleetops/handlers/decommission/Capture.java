package dev.fleetops.handlers.decommission;

import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns a DescribeInstances answer into an inventory entry, naming the Chef and Consul nodes. */
final class Capture {

    private final DecommissionSettings settings;

    Capture(DecommissionSettings settings) {
        this.settings = settings;
    }

    InventoryEntry of(Instance i, Instant now) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag t : i.tags()) tags.put(t.key(), t.value());
        InventoryEntry base = new InventoryEntry(i.instanceId(), Optional.ofNullable(tags.get("Name")),
                nonEmpty(i.privateIpAddress()), nonEmpty(i.privateDnsName()), nonEmpty(i.publicDnsName()),
                Optional.empty(), Optional.empty(), tags, now, Set.of());
        Optional<String> chef = settings.chefNodeTag().map(tags::get).or(() -> settings.chefNode().apply(base));
        Optional<String> consul = settings.consulNodeTag().map(tags::get).or(() -> settings.consulNode().apply(base));
        return new InventoryEntry(base.instanceId(), base.name(), base.privateIp(), base.privateDns(), base.publicDns(),
                chef, consul, tags, now, Set.of());
    }

    /**
     * Whether an answer still has what cleanup needs. A terminated instance has lost its private addresses on AWS
     * (a non-running instance with an empty PrivateDnsName); whatever a describe still shows for one is not trusted.
     */
    static boolean useful(Instance i) {
        if (i.state() != null && "terminated".equals(i.state().nameAsString())) return false;
        return nonEmpty(i.privateIpAddress()).isPresent() || nonEmpty(i.privateDnsName()).isPresent();
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}

package dev.fleetops.events.spi;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which Auto Scaling groups and instances the handlers that act on groups (spot-interruption, its rebalance
 * runs, lifecycle-hook) may touch. aws-node-termination-handler's managed-tag idea: with a {@link #tagKey}, only a
 * group or an instance carrying that tag (any value) is acted on; with {@link #groups}, only those groups. An event
 * for anything else is recorded as skipped, with the reason (docs/handlers.md, "Scope").
 *
 * @param tagKey the managed tag; empty: no tag needed
 * @param groups the allow-list of group names; empty: every group (that the tag admits)
 */
public record Scope(Optional<String> tagKey, Set<String> groups) {

    /** NTH's is {@code aws-node-termination-handler/managed}; ours is ours. */
    public static final String DEFAULT_TAG = "fleetops/managed";

    /** Every group and instance: the simulator's default. */
    public static final Scope ALL = new Scope(Optional.empty(), Set.of());

    public Scope {
        groups = Set.copyOf(groups);
        if (tagKey.isPresent() && tagKey.get().isBlank()) throw new IllegalArgumentException("the managed tag key is empty");
    }

    /** Groups that carry {@link #DEFAULT_TAG}: the default on AWS. */
    public static Scope managedTag() {
        return new Scope(Optional.of(DEFAULT_TAG), Set.of());
    }

    public boolean unrestricted() {
        return tagKey.isEmpty() && groups.isEmpty();
    }

    /** Why {@code group} (empty: the instance is in none) is outside the allow-list, or empty when it is not. */
    public Optional<String> groupRefusal(Optional<String> group) {
        if (groups.isEmpty()) return Optional.empty();
        String allowed = String.join(", ", new TreeSet<>(groups));
        if (group.isEmpty()) return Optional.of("it is in no Auto Scaling group of the allow-list (" + allowed + ")");
        if (groups.contains(group.get())) return Optional.empty();
        return Optional.of("group " + group.get() + " is not in the allow-list (" + allowed + ")");
    }

    /** For logs: "tag fleetops/managed, groups a, b" or "every group". */
    public String describe() {
        if (unrestricted()) return "every group";
        StringBuilder b = new StringBuilder();
        tagKey.ifPresent(k -> b.append("groups or instances tagged ").append(k));
        if (!groups.isEmpty()) b.append(b.isEmpty() ? "" : ", ").append("groups ").append(String.join(", ", new TreeSet<>(groups)));
        return b.toString();
    }
}

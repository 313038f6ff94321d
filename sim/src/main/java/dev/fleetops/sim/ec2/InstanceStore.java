package dev.fleetops.sim.ec2;

import dev.fleetops.sim.config.FaultPlan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The instances EC2 still shows (terminated ones for an hour), by id for O(1) lookups and by launch order for
 * listings and pagination; plus each Auto Scaling group's launch order, which fault plans refer to.
 */
final class InstanceStore {

    private final Map<String, SimInstance> byId = new HashMap<>();
    private final TreeMap<Long, SimInstance> bySeq = new TreeMap<>();
    private final Map<String, List<String>> groupLaunches = new LinkedHashMap<>();
    private long nextSeq;

    long nextSeq() {
        return nextSeq++;
    }

    /** @return the launch order the next instance of {@code group} will get */
    int nextGroupIndex(String group) {
        return group == null ? -1 : groupLaunches.getOrDefault(group, List.of()).size();
    }

    void add(SimInstance i) {
        byId.put(i.id, i);
        bySeq.put(i.seq, i);
        if (i.groupName != null) groupLaunches.computeIfAbsent(i.groupName, g -> new ArrayList<>()).add(i.id);
    }

    void remove(SimInstance i) {
        byId.remove(i.id);
        bySeq.remove(i.seq);
    }

    SimInstance get(String id) {
        return byId.get(id);
    }

    /** In launch order. */
    Collection<SimInstance> all() {
        return bySeq.values();
    }

    /** In launch order, from the instance with launch sequence {@code seq} on. */
    Collection<SimInstance> from(long seq) {
        return bySeq.tailMap(seq, true).values();
    }

    int size() {
        return byId.size();
    }

    /** A fault plan's reference: the index-th instance launched for a group, or the first live one with a Name. */
    Optional<SimInstance> resolve(FaultPlan.InstanceRef ref) {
        if (ref.group().isPresent()) {
            List<String> ids = groupLaunches.getOrDefault(ref.group().get(), List.of());
            return ref.index() < ids.size() ? Optional.ofNullable(byId.get(ids.get(ref.index()))) : Optional.empty();
        }
        if (ref.name().isPresent()) {
            for (SimInstance i : bySeq.values()) {
                if (!i.gone() && ref.name().get().equals(i.tags.get("Name"))) return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    static boolean refers(FaultPlan.InstanceRef ref, SimInstance i) {
        if (ref.group().isPresent()) return ref.group().get().equals(i.groupName) && ref.index() == i.groupIndex;
        return ref.name().isPresent() && ref.name().get().equals(i.tags.get("Name"));
    }
}

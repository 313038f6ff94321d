package dev.fleetops.sim.elbv2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The targets of each instance across all target groups, so that an EC2 state change costs O(its targets). */
final class TargetIndex {

    private final Map<String, List<Target>> byInstance = new LinkedHashMap<>();

    void add(Target t) {
        byInstance.computeIfAbsent(t.instanceId, k -> new ArrayList<>(2)).add(t);
    }

    void remove(Target t) {
        List<Target> list = byInstance.get(t.instanceId);
        if (list == null) return;
        list.remove(t);
        if (list.isEmpty()) byInstance.remove(t.instanceId);
    }

    /** A copy, safe to iterate while targets change. */
    List<Target> of(String instanceId) {
        List<Target> list = byInstance.get(instanceId);
        return list == null ? List.of() : List.copyOf(list);
    }
}

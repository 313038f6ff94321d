package dev.fleetops.sim.autoscaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The default termination policy (ASUG {@code ec2-auto-scaling-termination-policies}), approximated:
 * <ol>
 *   <li>take from the zone with the most counted, unprotected members (zone order of the group on ties);</li>
 *   <li>within it, instances from a launch template other than the group's current one first;</li>
 *   <li>then the one closest to its next billing hour (time since launch modulo one hour, largest first);</li>
 *   <li>then the earliest launched.</li>
 * </ol>
 * Each zone is sorted once and the picks alternate between zones as their counts even out.
 */
final class TerminationPolicy {

    private TerminationPolicy() { }

    static List<GroupInstance> pick(SimGroup group, int n, Instant now) {
        Map<String, List<GroupInstance>> byZone = new LinkedHashMap<>();
        for (String z : group.zones) byZone.put(z, new ArrayList<>());
        for (GroupInstance m : group.members.values()) {
            if (!m.counted() || m.protectedFromScaleIn) continue;
            byZone.computeIfAbsent(m.availabilityZone, z -> new ArrayList<>()).add(m);
        }
        Comparator<GroupInstance> order = Comparator
                .comparing((GroupInstance m) -> Objects.equals(m.launchTemplate, group.launchTemplate))
                .thenComparing(m -> -sinceBillingHour(m, now))
                .thenComparing(m -> m.launchTime);
        Map<String, Deque<GroupInstance>> queues = new LinkedHashMap<>();
        for (var e : byZone.entrySet()) {
            e.getValue().sort(order);
            queues.put(e.getKey(), new ArrayDeque<>(e.getValue()));
        }
        List<GroupInstance> out = new ArrayList<>(n);
        while (out.size() < n) {
            Deque<GroupInstance> fullest = null;
            for (Deque<GroupInstance> q : queues.values()) {
                if (!q.isEmpty() && (fullest == null || q.size() > fullest.size())) fullest = q;
            }
            if (fullest == null) break;
            out.add(fullest.poll());
        }
        return out;
    }

    private static long sinceBillingHour(GroupInstance m, Instant now) {
        return Duration.between(m.launchTime, now).getSeconds() % 3600;
    }
}

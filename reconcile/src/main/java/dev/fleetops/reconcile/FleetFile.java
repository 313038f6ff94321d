package dev.fleetops.reconcile;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated fleet: resources in file order and the edges between them (explicit {@code requires:} plus each
 * kind's implicit ones), acyclic.
 *
 * @param name the fleet's name: part of every ClientToken, so two fleets never share an instance by accident
 */
public record FleetFile(String name, String file, List<Resource> resources, Map<String, List<String>> edges) {

    public FleetFile {
        resources = List.copyOf(resources);
        edges = Map.copyOf(edges);
    }

    /** Builds the edges from each resource's implicit requires plus {@code requires} (name -> names). */
    public static FleetFile of(String name, String file, List<Resource> resources, Map<String, List<String>> requires) {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (Resource r : resources) {
            Set<String> all = new LinkedHashSet<>(r.implicitRequires());
            all.addAll(requires.getOrDefault(r.name(), List.of()));
            edges.put(r.name(), List.copyOf(all));
        }
        return new FleetFile(name, file, resources, edges);
    }

    /** What {@code name} requires. */
    public List<String> requires(String name) {
        return edges.getOrDefault(name, List.of());
    }

    public Resource resource(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}

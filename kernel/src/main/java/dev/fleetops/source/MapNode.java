package dev.fleetops.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A mapping with string keys, in file order. Duplicate keys are rejected when the tree is read. */
public record MapNode(Map<String, Node> entries, Map<String, Location> keyLocations, Location location, String path)
        implements Node {

    public MapNode {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        keyLocations = Collections.unmodifiableMap(new LinkedHashMap<>(keyLocations));
    }

    @Override
    public String kind() {
        return "a mapping";
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Optional<Node> get(String key) {
        Node n = entries.get(key);
        if (n instanceof ScalarNode s && s.isNull()) return Optional.empty();
        return Optional.ofNullable(n);
    }

    /** The value of a required key; a missing key is an error at this mapping. */
    public Node require(String key) {
        return get(key).orElseThrow(() -> InputError.at(this, "missing required field '" + key + "'"));
    }

    public String string(String key) {
        return require(key).asScalar().asString();
    }

    public Optional<String> optString(String key) {
        return get(key).map(n -> n.asScalar().asString());
    }

    /**
     * Rejects keys outside {@code allowed}, naming the closest known key ("did you mean") since a typo in a field
     * name would otherwise be silently ignored.
     */
    public MapNode allowOnly(Collection<String> allowed) {
        for (var e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                Location at = keyLocations.getOrDefault(e.getKey(), location);
                String suggestion = Suggest.closest(e.getKey(), allowed);
                throw new InputError(at, Node.child(path, e.getKey()), "unknown field '" + e.getKey() + "'"
                        + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
                        + "; expected one of: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return this;
    }

    public MapNode allowOnly(String... allowed) {
        return allowOnly(List.of(allowed));
    }

    public Location keyLocation(String key) {
        return keyLocations.getOrDefault(key, location);
    }

    public List<Map.Entry<String, Node>> list() {
        return new ArrayList<>(entries.entrySet());
    }
}

package dev.fleetops.sim.scenario;

import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;
import dev.fleetops.source.Suggest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Typed, range-checked reads of scenario fields; every failure is an {@link InputError} at the value. */
final class ScenarioFields {

    private ScenarioFields() { }

    static List<Node> list(MapNode m, String key) {
        return m.get(key).map(n -> n.asList().items()).orElse(List.of());
    }

    static List<MapNode> maps(MapNode m, String key) {
        return list(m, key).stream().map(Node::asMap).toList();
    }

    static String string(MapNode m, String key, String fallback) {
        return m.get(key).map(n -> n.asScalar().asString()).orElse(fallback);
    }

    static int integer(MapNode m, String key, int min, int max, int fallback) {
        return m.get(key).map(n -> n.asScalar().asInt(min, max)).orElse(fallback);
    }

    static boolean bool(MapNode m, String key, boolean fallback) {
        return m.get(key).map(n -> n.asScalar().asBoolean()).orElse(fallback);
    }

    static double number(MapNode m, String key, double min, double max, double fallback) {
        return m.get(key).map(n -> n.asScalar().asDouble(min, max)).orElse(fallback);
    }

    /** A name matching {@code pattern} ({@code rule} says it in words for the message). */
    static String name(MapNode m, String key, Pattern pattern, int maxLength, String rule) {
        ScalarNode n = m.require(key).asScalar();
        String v = n.asString();
        if (v.length() > maxLength) {
            throw InputError.at(n, "'" + v + "' is longer than " + maxLength + " characters");
        }
        if (!pattern.matcher(v).matches()) throw InputError.at(n, "'" + v + "' is not a valid name: " + rule);
        return v;
    }

    static Duration duration(MapNode m, String key, Duration min, Duration max, Duration fallback) {
        return m.get(key).map(n -> duration(n, min, max, false)).orElse(fallback);
    }

    /** A duration the AWS API takes in whole seconds. */
    static Duration seconds(MapNode m, String key, Duration min, Duration max, Duration fallback) {
        return m.get(key).map(n -> duration(n, min, max, true)).orElse(fallback);
    }

    static Duration duration(Node node, Duration min, Duration max, boolean wholeSeconds) {
        ScalarNode n = node.asScalar();
        Duration d = n.asDuration();
        if (wholeSeconds && d.toNanos() % 1_000_000_000L != 0) {
            throw InputError.at(n, "expected a whole number of seconds, got " + n.text());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw InputError.at(n, "expected a duration from " + show(min) + " to " + show(max) + ", got " + n.text());
        }
        return d;
    }

    /** One of {@code allowed}, compared ignoring case and returned as spelled in {@code allowed}. */
    static String oneOf(MapNode m, String key, Collection<String> allowed, String fallback) {
        Optional<Node> node = m.get(key);
        if (node.isEmpty()) return fallback;
        ScalarNode n = node.get().asScalar();
        String v = n.asString();
        for (String a : allowed) if (a.equalsIgnoreCase(v)) return a;
        String near = Suggest.closest(v, allowed);
        throw InputError.at(n, "unknown value '" + v + "'" + (near != null ? " (did you mean '" + near + "'?)" : "")
                + "; expected one of: " + String.join(", ", allowed));
    }

    static List<String> strings(MapNode m, String key) {
        List<String> out = new ArrayList<>();
        for (Node n : list(m, key)) out.add(n.asScalar().asString());
        return out;
    }

    /** A mapping of string to string, e.g. tags. */
    static Map<String, String> stringMap(MapNode m, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        m.get(key).map(Node::asMap).ifPresent(t -> t.entries().forEach((k, v) -> out.put(k, v.asScalar().asString())));
        return out;
    }

    /** The list under {@code key} read item by item, rejecting a second item with the same {@code name}. */
    static <T> List<T> named(MapNode m, String key, String what, java.util.function.Function<MapNode, T> read) {
        List<T> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (MapNode item : maps(m, key)) {
            T value = read.apply(item);
            ScalarNode name = item.require("name").asScalar();
            Integer first = seen.putIfAbsent(name.asString(), name.location().line());
            if (first != null) {
                throw InputError.at(name, "duplicate " + what + " name '" + name.asString() + "' (first at line "
                        + first + ")");
            }
            out.add(value);
        }
        return out;
    }

    /** A reference to something defined elsewhere in the file. */
    static String reference(Node node, Collection<String> defined, String what) {
        ScalarNode n = node.asScalar();
        String v = n.asString();
        if (defined.contains(v)) return v;
        String near = Suggest.closest(v, defined);
        throw InputError.at(n, "no " + what + " named '" + v + "' is defined"
                + (near != null ? " (did you mean '" + near + "'?)"
                        : defined.isEmpty() ? "" : "; defined: " + String.join(", ", defined)));
    }

    static List<String> references(MapNode m, String key, Collection<String> defined, String what) {
        List<String> out = new ArrayList<>();
        for (Node n : list(m, key)) out.add(reference(n, defined, what));
        return out;
    }

    static String show(Duration d) {
        if (d.toNanos() % 1_000_000_000L != 0) return d.toMillis() + "ms";
        return d.toSeconds() + "s";
    }
}

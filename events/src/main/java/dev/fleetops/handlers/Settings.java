package dev.fleetops.handlers;

import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reading a rule's {@code settings:} block: optional values with defaults and ranges, errors at file:line. */
public final class Settings {

    private Settings() { }

    public static int integer(MapNode m, String key, int min, int max, int dflt) {
        return m.get(key).map(n -> n.asScalar().asInt(min, max)).orElse(dflt);
    }

    public static boolean bool(MapNode m, String key, boolean dflt) {
        return m.get(key).map(n -> n.asScalar().asBoolean()).orElse(dflt);
    }

    public static Duration duration(MapNode m, String key, Duration min, Duration max, Duration dflt) {
        return optDuration(m, key, min, max).orElse(dflt);
    }

    public static Optional<Duration> optDuration(MapNode m, String key, Duration min, Duration max) {
        Optional<Node> n = m.get(key);
        if (n.isEmpty()) return Optional.empty();
        Duration d = n.get().asScalar().asDuration();
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw InputError.at(n.get(), "expected a duration from " + human(min) + " to " + human(max) + ", got "
                    + human(d));
        }
        return Optional.of(d);
    }

    public static Optional<String> string(MapNode m, String key) {
        Optional<String> s = m.optString(key);
        if (s.isPresent() && s.get().isBlank()) throw InputError.at(m.require(key), "must not be empty");
        return s;
    }

    public static String requiredString(MapNode m, String key) {
        return string(m, key).orElseThrow(() -> InputError.at(m, "missing required field '" + key + "'"));
    }

    public static Optional<MapNode> map(MapNode m, String key) {
        return m.get(key).map(Node::asMap);
    }

    /** A mapping of string values, in file order. */
    public static Map<String, String> strings(MapNode m, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        map(m, key).ifPresent(mm -> mm.list().forEach(e -> out.put(e.getKey(), e.getValue().asScalar().asString())));
        return out;
    }

    /** One of the allowed words. */
    public static String oneOf(MapNode m, String key, String dflt, String... allowed) {
        Optional<Node> n = m.get(key);
        if (n.isEmpty()) return dflt;
        String v = n.get().asScalar().asString();
        for (String a : allowed) if (a.equals(v)) return v;
        throw InputError.at(n.get(), "expected one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }

    public static String human(Duration d) {
        if (d.toMillisPart() != 0 || d.isZero()) return d.toMillis() + "ms";
        if (d.toSeconds() % 3600 == 0) return d.toHours() + "h";
        if (d.toSeconds() % 60 == 0) return d.toMinutes() + "m";
        return d.toSeconds() + "s";
    }
}

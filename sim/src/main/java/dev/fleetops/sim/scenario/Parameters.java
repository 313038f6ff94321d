package dev.fleetops.sim.scenario;

import dev.fleetops.source.InputError;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.Location;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario parameters: {@code parameters:} declares names with default values, {@code ${name}} inside any scalar
 * elsewhere is replaced by the value ({@code $${} writes a literal {@code ${}}). A scalar that is exactly one
 * reference takes the value's natural type, so {@code desired: ${size}} is a number.
 */
final class Parameters {

    static final String SECTION = "parameters";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private Parameters() { }

    /** Declared defaults overridden by {@code overrides}; an override of an undeclared name is an error. */
    static Map<String, String> values(MapNode root, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        MapNode declared = root.get(SECTION).map(Node::asMap).orElse(null);
        if (declared != null) {
            for (var e : declared.entries().entrySet()) {
                if (!NAME.matcher(e.getKey()).matches()) {
                    throw new InputError(declared.keyLocation(e.getKey()), Node.child(SECTION, e.getKey()),
                            "a parameter name must be letters, digits and underscores, starting with a letter");
                }
                values.put(e.getKey(), e.getValue().asScalar().asString());
            }
        }
        for (var o : overrides.entrySet()) {
            if (!values.containsKey(o.getKey())) {
                Location at = declared != null ? root.keyLocation(SECTION) : Location.of(root.location().file());
                throw new InputError(at, SECTION, "unknown parameter '" + o.getKey() + "' given with --scenario-param; "
                        + (values.isEmpty() ? "this scenario declares no parameters"
                                : "declared: " + String.join(", ", values.keySet())));
            }
            values.put(o.getKey(), o.getValue());
        }
        return values;
    }

    /** The tree with every reference replaced, the parameters section itself left as written. */
    static MapNode substitute(MapNode root, Map<String, String> values) {
        Map<String, Node> entries = new LinkedHashMap<>();
        root.entries().forEach((k, v) -> entries.put(k, k.equals(SECTION) ? v : substitute(v, values)));
        return new MapNode(entries, root.keyLocations(), root.location(), root.path());
    }

    private static Node substitute(Node n, Map<String, String> values) {
        if (n instanceof MapNode m) {
            Map<String, Node> entries = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> entries.put(k, substitute(v, values)));
            return new MapNode(entries, m.keyLocations(), m.location(), m.path());
        }
        if (n instanceof ListNode l) {
            List<Node> items = new ArrayList<>();
            l.items().forEach(i -> items.add(substitute(i, values)));
            return new ListNode(items, l.location(), l.path());
        }
        ScalarNode s = (ScalarNode) n;
        if (s.type() != ScalarNode.Type.STRING || !s.value().contains("${")) return s;
        Matcher m = REF.matcher(s.value());
        StringBuilder out = new StringBuilder();
        boolean whole = false;
        while (m.find()) {
            if (m.group(1) == null) {
                m.appendReplacement(out, Matcher.quoteReplacement("${"));
                continue;
            }
            String name = m.group(1).trim();
            String value = values.get(name);
            if (value == null) {
                throw InputError.at(s, "unknown parameter '" + name + "' in '" + s.value() + "'; "
                        + (values.isEmpty() ? "the scenario declares no parameters"
                                : "declared: " + String.join(", ", values.keySet())));
            }
            whole = m.start() == 0 && m.end() == s.value().length();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String text = out.toString();
        return new ScalarNode(text, whole ? typeOf(text) : ScalarNode.Type.STRING, s.location(), s.path());
    }

    private static ScalarNode.Type typeOf(String text) {
        if (INTEGER.matcher(text).matches()) return ScalarNode.Type.INTEGER;
        if (DECIMAL.matcher(text).matches()) return ScalarNode.Type.DECIMAL;
        if (text.equals("true") || text.equals("false")) return ScalarNode.Type.BOOLEAN;
        return ScalarNode.Type.STRING;
    }
}

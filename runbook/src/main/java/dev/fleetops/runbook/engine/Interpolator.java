package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.NodeJson;
import dev.fleetops.source.ScalarNode;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code {{ ... }}} references in a step's inputs when the step runs (AWS Systems Manager User
 * Guide: Variables in runbooks; the typing rules are in docs/runbook-engine.md): a value that is exactly {@code "{{ X }}"} takes X's native type (a StringList stays a list, and is
 * spliced when it is the only element of a list); a reference inside other text is rendered as text, a list or map
 * as its JSON, as the SSM agent does ("a {{ parameter1 }} within a string" gets "a marshaled version" of the value).
 * Text between double braces that is not a name ({@code {{ "key": 1 }}} in a script) stays as written.
 */
final class Interpolator {

    /** Resolves one reference token ({@code InstanceId}, {@code step.Output}, {@code global:REGION}...). */
    @FunctionalInterface
    public interface Values {
        /** @throws InterpolationError naming what is missing */
        JsonNode resolve(String token);
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern REF = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.:/\\-]+)\\s*}}");
    private static final Pattern WHOLE = Pattern.compile("\\s*\\{\\{\\s*([A-Za-z0-9_.:/\\-]+)\\s*}}\\s*");

    private final Values values;

    public Interpolator(Values values) {
        this.values = values;
    }

    /** The step's inputs with every reference resolved, except the keys in {@code raw} (kept as written). */
    public ObjectNode inputs(MapNode inputs, Set<String> raw) {
        ObjectNode out = F.objectNode();
        for (var e : inputs.entries().entrySet()) {
            out.set(e.getKey(), raw.contains(e.getKey()) ? plain(e.getValue()) : evaluate(e.getValue()));
        }
        return out;
    }

    public JsonNode evaluate(Node node) {
        if (node instanceof MapNode m) {
            ObjectNode o = F.objectNode();
            m.entries().forEach((k, v) -> o.set(k, evaluate(v)));
            return o;
        }
        if (node instanceof ListNode l) {
            ArrayNode a = F.arrayNode();
            for (Node item : l.items()) {
                JsonNode v = evaluate(item);
                boolean wholeRef = item instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING
                        && WHOLE.matcher(s.value()).matches();
                if (wholeRef && v.isArray()) {
                    if (l.size() != 1) {
                        throw error(item, "the list " + s(item) + " can only be the sole element of a list, where it is spliced in;"
                                + " here the list has " + l.size() + " elements");
                    }
                    a.addAll((ArrayNode) v);
                } else {
                    a.add(v);
                }
            }
            return a;
        }
        ScalarNode s = (ScalarNode) node;
        if (s.type() != ScalarNode.Type.STRING || s.value().indexOf("{{") < 0) return plain(s);
        return text(s);
    }

    /** A located tree as plain JSON, integers as long values (as runtime parameters are). */
    static JsonNode plain(Node node) {
        return longs(NodeJson.toJson(node));
    }

    private static JsonNode longs(JsonNode n) {
        if (n.isBigInteger() && n.bigIntegerValue().bitLength() < 64) return F.numberNode(n.longValue());
        if (n.isArray()) {
            ArrayNode a = (ArrayNode) n;
            for (int i = 0; i < a.size(); i++) a.set(i, longs(a.get(i)));
        } else if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            o.fields().forEachRemaining(e -> e.setValue(longs(e.getValue())));
        }
        return n;
    }

    private JsonNode text(ScalarNode s) {
        String text = s.value();
        Matcher whole = WHOLE.matcher(text);
        if (whole.matches()) return resolve(s, whole.group(1)).deepCopy();
        Matcher m = REF.matcher(text);
        StringBuilder b = new StringBuilder();
        int last = 0;
        while (m.find()) {
            JsonNode v = resolve(s, m.group(1));
            b.append(text, last, m.start()).append(v.isTextual() ? v.textValue() : v.toString());
            last = m.end();
        }
        return F.textNode(b.append(text, last, text.length()).toString());
    }

    private JsonNode resolve(ScalarNode at, String token) {
        try {
            JsonNode v = values.resolve(token);
            if (v == null) throw new InterpolationError("{{ " + token + " }} has no value");
            return v;
        } catch (InterpolationError e) {
            throw error(at, e.getMessage());
        }
    }

    private static String s(Node n) {
        return n instanceof ScalarNode sc ? sc.value().trim() : n.path();
    }

    private static InterpolationError error(Node at, String message) {
        return new InterpolationError(at.location() + ": " + at.path() + ": " + message);
    }
}

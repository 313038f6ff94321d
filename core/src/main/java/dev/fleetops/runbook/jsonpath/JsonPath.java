package dev.fleetops.runbook.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSONPath subset SSM documents for {@code Selector} and {@code PropertySelector} (UG
 * automation-action-outputs-inputs, reference §3.1): {@code $} then child {@code .name}, deep scan {@code ..name},
 * index {@code [n]}; leniently also {@code [*]} / {@code .*} (every element or member), negative indexes (from
 * the end) and {@code ['name']}. Filters, slices and unions are rejected with the position of the problem.
 * Member names are the API's (PascalCase: {@code TargetHealthDescriptions}).
 */
public final class JsonPath {

    private sealed interface Segment permits Child, Deep, Index, Wildcard { }

    private record Child(String name) implements Segment { }

    /** {@code ..name}: every member {@code name} of the node or any descendant, in document order. */
    private record Deep(String name) implements Segment { }

    private record Index(int index) implements Segment { }

    private record Wildcard() implements Segment { }

    private final String text;
    private final List<Segment> segments;
    private final boolean definite;

    private JsonPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
        this.definite = segments.stream().noneMatch(s -> s instanceof Deep || s instanceof Wildcard);
    }

    /** Parses a selector; a syntax error names the selector and the character position. */
    public static JsonPath compile(String selector) {
        return new Parser(selector).parse();
    }

    /**
     * True when the path names at most one value (no {@code ..} or {@code [*]}); an indefinite path always yields
     * a list, so its output type must be StringList or MapList.
     */
    public boolean definite() {
        return definite;
    }

    /** The matches in document order (empty when nothing matches; at most one for a definite path). */
    public List<JsonNode> select(JsonNode root) {
        List<JsonNode> current = new ArrayList<>();
        if (root != null && !root.isMissingNode()) current.add(root);
        for (Segment s : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) apply(s, n, next);
            current = next;
        }
        return current;
    }

    private static void apply(Segment s, JsonNode n, List<JsonNode> out) {
        if (s instanceof Child c) {
            JsonNode v = n.isObject() ? n.get(c.name()) : null;
            if (v != null && !v.isNull()) out.add(v);
        } else if (s instanceof Index i) {
            if (n.isArray()) {
                int at = i.index() < 0 ? n.size() + i.index() : i.index();
                if (at >= 0 && at < n.size()) out.add(n.get(at));
            }
        } else if (s instanceof Wildcard) {
            if (n.isArray() || n.isObject()) n.elements().forEachRemaining(out::add);
        } else if (s instanceof Deep d) {
            deep(d.name(), n, out);
        }
    }

    private static void deep(String name, JsonNode n, List<JsonNode> out) {
        if (n.isObject()) {
            JsonNode v = n.get(name);
            if (v != null && !v.isNull()) out.add(v);
        }
        for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) deep(name, it.next(), out);
    }

    @Override
    public String toString() {
        return text;
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private final List<Segment> segments = new ArrayList<>();

        Parser(String s) {
            this.s = s == null ? "" : s.trim();
        }

        JsonPath parse() {
            if (!s.startsWith("$")) throw error(0, "a selector starts with '$.' (e.g. $.Reservations[0].Instances)");
            pos = 1;
            if (pos == s.length()) throw error(pos, "'$' alone selects the whole response; name a member, e.g. $.Name");
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '.') {
                    if (pos + 1 < s.length() && s.charAt(pos + 1) == '.') {
                        pos += 2;
                        if (pos < s.length() && s.charAt(pos) == '[') {
                            throw error(pos, "'..' must be followed by a member name, not '['");
                        }
                        segments.add(new Deep(name()));
                    } else {
                        pos++;
                        if (pos < s.length() && s.charAt(pos) == '*') {
                            pos++;
                            segments.add(new Wildcard());
                        } else {
                            segments.add(new Child(name()));
                        }
                    }
                } else if (c == '[') {
                    bracket();
                } else {
                    throw error(pos, "expected '.', '..' or '[' but found '" + c + "'");
                }
            }
            return new JsonPath(s, segments);
        }

        private String name() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != '.' && s.charAt(pos) != '[') {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c) || c == ']' || c == '*' || c == '?' || c == '(' || c == ')') {
                    throw error(pos, "unexpected '" + c + "' in a member name");
                }
                pos++;
            }
            if (pos == start) throw error(start, "a member name is missing");
            return s.substring(start, pos);
        }

        private void bracket() {
            int open = pos;
            int close = s.indexOf(']', pos);
            if (close < 0) throw error(open, "'[' is not closed");
            String inner = s.substring(pos + 1, close).trim();
            pos = close + 1;
            if (inner.equals("*")) {
                segments.add(new Wildcard());
            } else if (inner.matches("-?\\d+")) {
                try {
                    segments.add(new Index(Integer.parseInt(inner)));
                } catch (NumberFormatException e) {
                    throw error(open + 1, "index " + inner + " is too large");
                }
            } else if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
                    || inner.startsWith("\"") && inner.endsWith("\""))) {
                segments.add(new Child(inner.substring(1, inner.length() - 1)));
            } else if (inner.startsWith("?")) {
                throw error(open, "filters [?(...)] are not in the JSONPath subset SSM documents");
            } else if (inner.contains(":") || inner.contains(",")) {
                throw error(open, "slices and unions ([a:b], [a,b]) are not in the JSONPath subset SSM documents");
            } else {
                throw error(open, "expected an index such as [0], found [" + inner + "]");
            }
        }

        private JsonPathException error(int at, String message) {
            return new JsonPathException("selector " + s + " (at character " + (at + 1) + "): " + message);
        }
    }
}

package dev.fleetops.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset SSM documents (AWS Systems Manager User Guide: "Using inputs and outputs", the section
 * "Using JSONPath in runbooks"): a path starts with
 * {@code $}, then child steps {@code .Name} (or {@code ['Name']}), deep scans {@code ..Name} and indexes {@code [n]}.
 * Filters, wildcards, slices and unions are not documented by SSM and are rejected. A path with a deep scan is
 * "indefinite": it always yields a list, even of one value.
 */
public final class JsonPath {

    private sealed interface Segment permits Child, Deep, Index, All { }

    private record Child(String name) implements Segment { }

    private record Deep(String name) implements Segment { }

    private record Index(int index) implements Segment { }

    /** {@code [*]}: every element (lenient: not in SSM's documented subset, but common in users' selectors). */
    private record All() implements Segment { }

    private final String text;
    private final List<Segment> segments;
    private final boolean definite;

    private JsonPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
        this.definite = segments.stream().noneMatch(s -> s instanceof Deep || s instanceof All);
    }

    /** @throws IllegalArgumentException naming the position of the first unsupported construct */
    public static JsonPath compile(String text) {
        String p = text.trim();
        if (!p.startsWith("$")) throw new IllegalArgumentException("a selector starts with $, got \"" + text + "\"");
        List<Segment> out = new ArrayList<>();
        int i = 1;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                boolean deep = i + 1 < p.length() && p.charAt(i + 1) == '.';
                int start = i + (deep ? 2 : 1);
                int end = start;
                while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') end++;
                String name = p.substring(start, end);
                if (name.isEmpty() || name.equals("*")) throw unsupported(text, i, "a member name");
                out.add(deep ? new Deep(name) : new Child(name));
                i = end;
            } else if (c == '[') {
                int close = p.indexOf(']', i);
                if (close < 0) throw unsupported(text, i, "a closing ]");
                String inside = p.substring(i + 1, close).trim();
                if (inside.equals("*")) {
                    out.add(new All());
                } else if ((inside.startsWith("'") && inside.endsWith("'") || inside.startsWith("\"") && inside.endsWith("\""))
                        && inside.length() >= 2) {
                    out.add(new Child(inside.substring(1, inside.length() - 1)));
                } else {
                    try {
                        out.add(new Index(Integer.parseInt(inside)));
                    } catch (NumberFormatException e) {
                        throw unsupported(text, i, "an index [n] or [*] (filters, slices and unions are not part of SSM's JSONPath)");
                    }
                }
                i = close + 1;
            } else {
                throw unsupported(text, i, ". or [");
            }
        }
        return new JsonPath(text, out);
    }

    private static IllegalArgumentException unsupported(String text, int at, String expected) {
        return new IllegalArgumentException("selector \"" + text + "\": expected " + expected + " at position " + at);
    }

    /** True when the path has no deep scan: it selects at most one value. */
    public boolean definite() {
        return definite;
    }

    /** Every value the path selects, in document order (empty when nothing matches). */
    public List<JsonNode> select(JsonNode root) {
        List<JsonNode> current = new ArrayList<>();
        if (root != null) current.add(root);
        for (Segment s : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                if (s instanceof Child c) {
                    JsonNode v = n.isObject() ? n.get(c.name()) : null;
                    if (v != null && !v.isNull()) next.add(v);
                } else if (s instanceof Index x) {
                    if (n.isArray()) {
                        int idx = x.index() < 0 ? n.size() + x.index() : x.index();
                        if (idx >= 0 && idx < n.size()) next.add(n.get(idx));
                    }
                } else if (s instanceof All) {
                    if (n.isArray()) n.forEach(next::add);
                    else if (n.isObject()) n.forEach(next::add);
                } else if (s instanceof Deep d) {
                    scan(n, d.name(), next);
                }
            }
            current = next;
        }
        return current;
    }

    /** Deep scan: the values of members named {@code name} at any depth, in document order (Jayway's {@code ..}). */
    private static void scan(JsonNode n, String name, List<JsonNode> out) {
        if (n.isObject()) {
            var fields = n.fields();
            while (fields.hasNext()) {
                var e = fields.next();
                if (e.getKey().equals(name) && !e.getValue().isNull()) out.add(e.getValue());
                scan(e.getValue(), name, out);
            }
        } else if (n.isArray()) {
            for (JsonNode item : n) scan(item, name, out);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}

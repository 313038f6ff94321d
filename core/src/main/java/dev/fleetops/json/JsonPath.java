package dev.fleetops.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal JSONPath for taking values out of events: {@code $}, {@code .name} (names may contain '-', as in
 * {@code $.detail.instance-id}), {@code ['name']}, {@code [n]} and {@code [*]}. Enough for EventBridge input
 * paths and rule parameters; filters and recursive descent are not supported and are rejected at parse time.
 */
public final class JsonPath {

    private sealed interface Segment permits Name, Index, Wildcard { }
    private record Name(String name) implements Segment { }
    private record Index(int index) implements Segment { }
    private record Wildcard() implements Segment { }

    private final String text;
    private final List<Segment> segments;

    private JsonPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** @throws IllegalArgumentException with a message naming the position of the problem */
    public static JsonPath parse(String text) {
        if (!text.startsWith("$")) throw new IllegalArgumentException("a JSONPath starts with '$'");
        List<Segment> segs = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                if (i < text.length() && text.charAt(i) == '.') throw new IllegalArgumentException("recursive descent '..' is not supported");
                while (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') i++;
                if (i == start) throw new IllegalArgumentException("empty name at position " + start);
                String name = text.substring(start, i);
                segs.add(name.equals("*") ? new Wildcard() : new Name(name));
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) throw new IllegalArgumentException("'[' at position " + i + " is not closed");
                String inside = text.substring(i + 1, close).trim();
                if (inside.equals("*")) {
                    segs.add(new Wildcard());
                } else if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'") || inside.startsWith("\"") && inside.endsWith("\""))) {
                    segs.add(new Name(inside.substring(1, inside.length() - 1)));
                } else {
                    try {
                        segs.add(new Index(Integer.parseInt(inside)));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'[" + inside + "]' at position " + i
                                + " is not an index, '*' or a quoted name (filters are not supported)");
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at position " + i);
            }
        }
        return new JsonPath(text, List.copyOf(segs));
    }

    /** Every value the path selects (empty when nothing matches). */
    public List<JsonNode> read(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Segment s : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                if (s instanceof Name name) {
                    JsonNode v = n.get(name.name());
                    if (v != null && !v.isMissingNode()) next.add(v);
                } else if (s instanceof Index idx) {
                    int k = idx.index() < 0 ? n.size() + idx.index() : idx.index();
                    if (n.isArray() && k >= 0 && k < n.size()) next.add(n.get(k));
                } else {
                    n.elements().forEachRemaining(next::add);
                }
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.fleetops.sim.events;

import com.fasterxml.jackson.core.JsonPointer;

import java.util.regex.Pattern;

/** A target's InputPath: the JSONPath subset EventBridge users write ({@code $}, {@code $.detail.instance-id}). */
final class InputPaths {

    private static final Pattern DOTTED = Pattern.compile("\\$(\\.[^.\\[\\]]+)*");

    private InputPaths() { }

    /** @return the equivalent JSON pointer, or null if the path is outside the supported subset */
    static JsonPointer pointer(String path) {
        if (path == null || !DOTTED.matcher(path).matches()) return null;
        if (path.equals("$")) return JsonPointer.empty();
        StringBuilder p = new StringBuilder();
        for (String segment : path.substring(2).split("\\.")) {
            p.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        }
        return JsonPointer.compile(p.toString());
    }
}

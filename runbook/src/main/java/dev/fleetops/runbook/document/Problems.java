package dev.fleetops.runbook.document;

import dev.fleetops.source.Location;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects every error and not-runnable reason of one document, in the order they are found. */
final class Problems {

    private final List<DocumentError> errors = new ArrayList<>();
    private final Set<String> reasons = new LinkedHashSet<>();
    private final List<DocumentError> warnings = new ArrayList<>();

    void at(Node node, String step, String message) {
        errors.add(new DocumentError(node.location(), step, node.path(), message));
    }

    /** An error about a key itself (unknown key, misplaced key): located at the key. */
    void atKey(MapNode map, String key, String step, String message) {
        errors.add(new DocumentError(map.keyLocation(key), step, Node.child(map.path(), key), message));
    }

    void error(Location location, String step, String field, String message) {
        errors.add(new DocumentError(location, step, field, message));
    }

    void notRunnable(String reason) {
        reasons.add(reason);
    }

    /** Accepted by AWS when the document is created, but fails (or is ignored) when the step runs. */
    void warn(Node node, String step, String message) {
        warnings.add(new DocumentError(node.location(), step, node.path(), message));
    }

    void warnAtKey(MapNode map, String key, String step, String message) {
        warnings.add(new DocumentError(map.keyLocation(key), step, Node.child(map.path(), key), message));
    }

    List<DocumentError> errors() {
        return errors;
    }

    List<String> reasons() {
        return List.copyOf(reasons);
    }

    List<DocumentError> warnings() {
        return List.copyOf(warnings);
    }
}

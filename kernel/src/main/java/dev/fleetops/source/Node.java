package dev.fleetops.source;

/**
 * A value read from a YAML or JSON file, with its location and its path from the root. The tree keeps what a
 * plain JSON tree loses: where each value came from, so every error can name file, line, column and field.
 */
public sealed interface Node permits MapNode, ListNode, ScalarNode {

    Location location();

    /** Dotted path from the root, e.g. {@code mainSteps[2].inputs.Api}; empty at the root. */
    String path();

    /** Short name of the kind, for messages: "a mapping", "a list", "a scalar". */
    String kind();

    default MapNode asMap() {
        if (this instanceof MapNode m) return m;
        throw InputError.at(this, "expected a mapping, got " + describe());
    }

    default ListNode asList() {
        if (this instanceof ListNode l) return l;
        throw InputError.at(this, "expected a list, got " + describe());
    }

    default ScalarNode asScalar() {
        if (this instanceof ScalarNode s) return s;
        throw InputError.at(this, "expected a single value, got " + describe());
    }

    default String describe() {
        return kind();
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }
}

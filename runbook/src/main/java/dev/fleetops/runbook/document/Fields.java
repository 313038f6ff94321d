package dev.fleetops.runbook.document;

import dev.fleetops.source.Suggest;

import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Typed reads of document fields that record a problem and go on (validation reports every error, so a bad field
 * never stops the reading of the rest). SSM accepts booleans and integers written as strings ({@code "true"},
 * {@code "600"}: AWS-owned documents do), so these do too.
 */
final class Fields {

    private final Problems problems;

    Fields(Problems problems) {
        this.problems = problems;
    }

    Optional<String> string(MapNode m, String key, String step) {
        Optional<Node> n = m.get(key);
        if (n.isEmpty()) return Optional.empty();
        if (n.get() instanceof ScalarNode s) return Optional.of(s.value());
        problems.at(n.get(), step, "expected a string, got " + n.get().describe());
        return Optional.empty();
    }

    Optional<String> requiredString(MapNode m, String key, String step) {
        if (m.get(key).isEmpty()) {
            problems.at(m, step, "missing required field '" + key + "'");
            return Optional.empty();
        }
        return string(m, key, step);
    }

    Optional<Integer> integer(MapNode m, String key, long min, long max, String step) {
        Optional<Node> n = m.get(key);
        if (n.isEmpty()) return Optional.empty();
        if (n.get() instanceof ScalarNode s && (s.type() == ScalarNode.Type.INTEGER || s.type() == ScalarNode.Type.STRING)) {
            try {
                long v = Long.parseLong(s.value().trim());
                if (v >= min && v <= max) return Optional.of((int) v);
                problems.at(s, step, "expected an integer from " + min + " to " + max + ", got " + v);
                return Optional.empty();
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.at(n.get(), step, "expected an integer, got " + n.get().describe());
        return Optional.empty();
    }

    Optional<Boolean> bool(MapNode m, String key, String step) {
        Optional<Node> n = m.get(key);
        if (n.isEmpty()) return Optional.empty();
        if (n.get() instanceof ScalarNode s && (s.type() == ScalarNode.Type.BOOLEAN || s.type() == ScalarNode.Type.STRING)) {
            String v = s.value().trim().toLowerCase(Locale.ROOT);
            if (v.equals("true") || v.equals("false")) return Optional.of(v.equals("true"));
        }
        problems.at(n.get(), step, "expected true or false, got " + n.get().describe());
        return Optional.empty();
    }

    Optional<MapNode> map(MapNode m, String key, String step) {
        Optional<Node> n = m.get(key);
        if (n.isEmpty()) return Optional.empty();
        if (n.get() instanceof MapNode mm) return Optional.of(mm);
        problems.at(n.get(), step, "expected a mapping, got " + n.get().describe());
        return Optional.empty();
    }

    Optional<ListNode> list(MapNode m, String key, String step) {
        Optional<Node> n = m.get(key);
        if (n.isEmpty()) return Optional.empty();
        if (n.get() instanceof ListNode l) return Optional.of(l);
        problems.at(n.get(), step, "expected a list, got " + n.get().describe());
        return Optional.empty();
    }

    /** A list of scalars as text; non-scalar items are reported and skipped. */
    List<String> strings(ListNode l, String step) {
        List<String> out = new ArrayList<>();
        for (Node item : l.items()) {
            if (item instanceof ScalarNode s && !s.isNull()) out.add(s.value());
            else problems.at(item, step, "expected a string, got " + item.describe());
        }
        return out;
    }

    /** Reports every key outside {@code allowed} as an error, with the closest allowed one. */
    void allowOnly(MapNode m, Collection<String> allowed, String step, String what) {
        allowOnly(m, allowed, step, what, false);
    }

    /**
     * Reports every key outside {@code allowed}, with the closest allowed one: an error, or with {@code ignored} a
     * warning (Command documents: the SSM agent decodes them with Go's encoding/json, which drops unknown keys).
     */
    void allowOnly(MapNode m, Collection<String> allowed, String step, String what, boolean ignored) {
        for (String key : m.keys()) {
            if (allowed.contains(key)) continue;
            String suggestion = Suggest.closest(key, allowed);
            String message = "unknown field '" + key + "'"
                    + (suggestion != null ? " (did you mean '" + suggestion + "'?)" : "")
                    + "; " + what + " has: " + String.join(", ", new TreeSet<>(allowed));
            if (ignored) problems.warnAtKey(m, key, step, message + " (the SSM agent ignores it)");
            else problems.atKey(m, key, step, message);
        }
    }
}

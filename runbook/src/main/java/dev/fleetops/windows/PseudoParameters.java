package dev.fleetops.windows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pseudo parameters a window task's parameters may use (AWS Systems Manager User Guide: About pseudo parameters), and their substitution. */
final class PseudoParameters {

    public static final List<String> ALL = List.of("WINDOW_ID", "WINDOW_TASK_ID", "WINDOW_TARGET_ID",
            "WINDOW_EXECUTION_ID", "TASK_EXECUTION_ID", "INVOCATION_ID", "TARGET_TYPE", "TARGET_ID", "RESOURCE_ID");
    /** Not available to Run Command tasks (same page). */
    public static final Set<String> PER_TARGET = Set.of("TARGET_ID", "RESOURCE_ID");

    static final Pattern REF = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_:.\\-]*)\\s*}}");

    private PseudoParameters() { }

    /** Names referenced in {@code value}, in order. */
    static List<String> referenced(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = REF.matcher(value);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** Replaces every known {{NAME}} with its value; names without a value stay as written. */
    public static Map<String, List<String>> substitute(Map<String, List<String>> parameters, Map<String, String> values) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        parameters.forEach((k, list) -> out.put(k, list.stream().map(v -> substitute(v, values)).toList()));
        return out;
    }

    static String substitute(String value, Map<String, String> values) {
        Matcher m = REF.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(b);
        return b.toString();
    }
}

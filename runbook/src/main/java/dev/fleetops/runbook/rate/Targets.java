package dev.fleetops.runbook.rate;

import dev.fleetops.source.InputError;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a rate-controlled run is aimed at: the running instances carrying a tag (resolved through EC2
 * DescribeInstances) or explicit ids (SSM's {@code ParameterValues}, taken as given).
 */
public sealed interface Targets {

    /** {@code tag:KEY=VALUE}: running instances whose tag KEY has one of {@code values}. */
    record Tag(String key, List<String> values) implements Targets {
        public Tag {
            values = List.copyOf(values);
        }

        @Override
        public String toString() {
            return "tag:" + key + "=" + String.join(",", values);
        }
    }

    /** Explicit target values (instance ids, or any value of the target parameter), in the order given. */
    record Values(List<String> values) implements Targets {
        public Values {
            values = List.copyOf(new LinkedHashSet<>(values));
        }

        @Override
        public String toString() {
            return String.join(",", values);
        }
    }

    Pattern TAG_KEY = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}$");

    /**
     * Parses the {@code --targets} flag: {@code tag:KEY=VALUE[,VALUE...]} or a comma-separated list of values.
     *
     * @param field the flag or field named in errors
     */
    static Targets parse(String text, String field) {
        if (text == null || text.isBlank()) throw new InputError(null, field, "expected tag:KEY=VALUE or a list of ids, got nothing");
        String t = text.trim();
        if (t.startsWith("tag:")) {
            int eq = t.indexOf('=', 4);
            if (eq < 0) {
                throw new InputError(null, field, "'" + t + "': expected tag:KEY=VALUE, e.g. tag:Role=web");
            }
            String key = t.substring(4, eq);
            if (key.isEmpty() || !TAG_KEY.matcher(key).matches()) {
                throw new InputError(null, field, "'" + t + "': the tag key must be 1-128 letters, digits, spaces or _.:/=+-@");
            }
            List<String> values = split(t.substring(eq + 1));
            if (values.isEmpty()) throw new InputError(null, field, "'" + t + "': no tag value after '='");
            return new Tag(key, values);
        }
        if (t.contains("=")) {
            throw new InputError(null, field, "'" + t + "': expected tag:KEY=VALUE or a list of ids; did you mean tag:" + t + "?");
        }
        List<String> values = split(t);
        if (values.isEmpty()) throw new InputError(null, field, "expected tag:KEY=VALUE or a list of ids, got '" + t + "'");
        return new Values(values);
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String p : s.split(",")) {
            if (!p.isBlank()) out.add(p.trim());
        }
        return out;
    }
}

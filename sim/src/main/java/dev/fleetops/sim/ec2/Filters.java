package dev.fleetops.sim.ec2;

import software.amazon.awssdk.services.ec2.model.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * EC2 request filters: a resource matches when, for every filter, one of its values matches one of the filter's
 * values; values may use the wildcards {@code *} and {@code ?} (backslash escapes them), as AWS documents.
 */
final class Filters {

    /** One filter, validated and with its values compiled. */
    record Compiled(String name, List<Object> values) {

        boolean matches(String value) {
            if (value == null) return false;
            for (Object v : values) {
                if (v instanceof Pattern p ? p.matcher(value).matches() : v.equals(value)) return true;
            }
            return false;
        }

        /** For {@code tag:KEY} filters: the tag key. */
        String tagKey() {
            return name.startsWith("tag:") ? name.substring(4) : null;
        }
    }

    private Filters() { }

    /** @param known the filter names the operation supports ({@code tag:KEY} is allowed when "tag:" is listed) */
    static List<Compiled> compile(List<Filter> filters, Set<String> known) {
        List<Compiled> out = new ArrayList<>(filters.size());
        for (Filter f : filters) {
            String name = f.name();
            if (name == null || name.isEmpty()) throw Ec2Errors.missing("Filter.Name");
            boolean ok = known.contains(name) || (name.startsWith("tag:") && name.length() > 4 && known.contains("tag:"));
            if (!ok) throw Ec2Errors.invalidValue("The filter '" + name + "' is invalid");
            if (!f.hasValues() || f.values().isEmpty()) {
                throw Ec2Errors.invalidValue("The filter '" + name + "' has no values");
            }
            List<Object> values = new ArrayList<>(f.values().size());
            for (String v : f.values()) values.add(compileValue(v));
            out.add(new Compiled(name, values));
        }
        return out;
    }

    private static Object compileValue(String v) {
        if (v.indexOf('*') < 0 && v.indexOf('?') < 0 && v.indexOf('\\') < 0) return v;
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                re.append(Pattern.quote(String.valueOf(v.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}

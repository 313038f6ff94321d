package dev.fleetops.runbook.document;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code {{ ... }}} references in a string the way SSM substitutes them: only a name-like token between
 * the braces is a reference ({@code {{ InstanceId }}}, {@code {{ Step.Output }}}, {@code {{ global:REGION }}},
 * {@code {{ssm:/path/name}}}); other text in double braces (a Python format string's {@code {{\n "key": ...}})
 * is literal, which is why AWS-owned scripts with such text are accepted.
 */
public final class References {

    private static final Pattern REF = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.:/\\-]+)\\s*}}");
    private static final Pattern NESTED = Pattern.compile("\\{\\{\\s*\\{\\{");
    private static final Pattern WHOLE = Pattern.compile("\\s*\\{\\{\\s*([A-Za-z0-9_.:/\\-]+)\\s*}}\\s*");

    private References() { }

    /** One reference: its token ({@code Step.Output}) and whether it is the whole value. */
    public record Ref(String token, boolean whole) {

        public boolean isSsm() {
            return token.startsWith("ssm:") || token.startsWith("ssm-secure:");
        }

        public String prefix() {
            int colon = token.indexOf(':');
            return colon < 0 ? "" : token.substring(0, colon);
        }

        public String afterPrefix() {
            int colon = token.indexOf(':');
            return colon < 0 ? token : token.substring(colon + 1);
        }
    }

    public static List<Ref> in(String text) {
        List<Ref> out = new ArrayList<>();
        if (text.indexOf("{{") < 0) return out;
        boolean whole = WHOLE.matcher(text).matches();
        Matcher m = REF.matcher(text);
        while (m.find()) out.add(new Ref(m.group(1), whole));
        return out;
    }

    /** {@code {{ {{a}} }}}: SSM does not expand nested references. */
    public static boolean nested(String text) {
        return NESTED.matcher(text).find();
    }

    public static boolean hasReference(String text) {
        return text.indexOf("{{") >= 0 && REF.matcher(text).find();
    }
}

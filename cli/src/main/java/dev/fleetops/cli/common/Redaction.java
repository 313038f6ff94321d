package dev.fleetops.cli.common;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * What never appears in a log line: the values registered as secrets (the intake's bearer token, the AWS keys of
 * the environment), and whatever looks like one (a Bearer header, an AWS secret key or session token next to its
 * name, a PEM private key such as a Chef client key), each replaced by {@code ****}.
 */
public final class Redaction {

    static final String MASK = "****";

    /** Environment variables whose values are secrets wherever they show up. */
    static final Set<String> SECRET_VARIABLES = Set.of("FLEETOPS_EVENTS_TOKEN", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "CHEF_CLIENT_KEY");

    private static final Set<String> SECRETS = new CopyOnWriteArraySet<>();

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", Pattern.DOTALL);
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern NAMED = Pattern.compile(
            "(?i)((?:aws_)?secret_?access_?key|(?:aws_)?session_?token|security_?token|x-amz-security-token|client_?key"
                    + "|[\"']?token[\"']?)([\"']?\\s*[:=]\\s*[\"']?)([^\\s\"',;}&]+)");

    private Redaction() { }

    /** Masks {@code value} wherever it appears from now on (blank values are ignored). */
    public static void secret(String value) {
        if (value != null && value.strip().length() >= 4) SECRETS.add(value.strip());
    }

    static void fromEnvironment(Map<String, String> env) {
        SECRET_VARIABLES.forEach(v -> secret(env.get(v)));
    }

    /** {@code text} with every secret replaced. */
    public static String mask(String text) {
        if (text == null) return null;
        String s = text;
        for (String secret : SECRETS) {
            if (s.contains(secret)) s = s.replace(secret, MASK);
        }
        s = PEM.matcher(s).replaceAll("-----BEGIN $1PRIVATE KEY----- " + MASK + " -----END $1PRIVATE KEY-----");
        s = BEARER.matcher(s).replaceAll("$1" + MASK);
        s = NAMED.matcher(s).replaceAll("$1$2" + MASK);
        return s;
    }
}

package dev.fleetops.sim.route53;

import java.util.Locale;

/** DNS names as Route 53 stores and orders them. */
final class DnsNames {

    private DnsNames() { }

    /** Lower case, trailing dot, a leading {@code *} label written {@code \052} as Route 53 returns it. */
    static String normalize(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.endsWith(".")) n = n + ".";
        if (n.equals("*.") || n.startsWith("*.")) n = "\\052" + n.substring(1);
        return n;
    }

    /**
     * The ListResourceRecordSets order: "by DNS name with the labels reversed, for example com.example.www."
     * (API reference, ListResourceRecordSets), compared as ASCII.
     */
    static String sortKey(String normalized) {
        String[] labels = normalized.substring(0, normalized.length() - 1).split("\\.", -1);
        StringBuilder b = new StringBuilder(normalized.length() + 1);
        for (int i = labels.length - 1; i >= 0; i--) b.append(labels[i]).append('.');
        return b.toString();
    }

    /** Whether {@code name} is the zone apex or below it. */
    static boolean inZone(String name, String zone) {
        return name.equals(zone) || name.endsWith("." + zone);
    }

    /** Letters, digits, hyphens, underscores and the {@code \052} wildcard, labels of 1-63 characters. */
    static boolean valid(String normalized) {
        if (normalized.length() > 255 || normalized.equals(".")) return false;
        for (String label : normalized.substring(0, normalized.length() - 1).split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) return false;
        }
        return true;
    }
}

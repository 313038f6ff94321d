package dev.fleetops.handlers.decommission;

import dev.fleetops.source.InputError;
import dev.fleetops.source.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A name made from what the inventory knows: {@code {instance-id}}, {@code {name}}, {@code {private-ip}},
 * {@code {private-dns}}, {@code {hostname}} (first label of the private DNS name) and {@code {tag:KEY}}. A
 * template whose placeholder has no value for an instance gives no name (the cleanup is skipped and says why).
 */
record NameTemplate(String text) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");
    private static final List<String> KNOWN = List.of("instance-id", "name", "private-ip", "private-dns", "hostname");

    /** Parses and checks the placeholders, reporting an unknown one at the settings' line. */
    public static NameTemplate parse(String text, Node at) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            String p = m.group(1);
            if (!KNOWN.contains(p) && !(p.startsWith("tag:") && p.length() > 4)) {
                throw InputError.at(at, "unknown placeholder {" + p + "} in '" + text + "'; known: {instance-id}, "
                        + "{name}, {private-ip}, {private-dns}, {hostname}, {tag:KEY}");
            }
        }
        return new NameTemplate(text);
    }

    public Optional<String> apply(InventoryEntry e) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            Optional<String> v = value(e, m.group(1));
            if (v.isEmpty() || v.get().isEmpty()) missing.add(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v.orElse("")));
        }
        m.appendTail(out);
        return missing.isEmpty() ? Optional.of(out.toString()) : Optional.empty();
    }

    private static Optional<String> value(InventoryEntry e, String p) {
        return switch (p) {
            case "instance-id" -> Optional.of(e.instanceId());
            case "name" -> e.name();
            case "private-ip" -> e.privateIp();
            case "private-dns" -> e.privateDns();
            case "hostname" -> e.hostname();
            default -> Optional.ofNullable(tags(e).get(p.substring(4)));
        };
    }

    private static Map<String, String> tags(InventoryEntry e) {
        return e.tags();
    }
}

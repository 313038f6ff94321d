package dev.fleetops.waiters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The per-instance acceptors of first-ready (docs/first-ready.md), applied to each {@code InstanceStatuses[]}
 * entry of a DescribeInstanceStatus answer, in order:
 * <ol>
 *   <li>success: {@code running} and every selected check {@code ok};</li>
 *   <li>failure: a state it cannot come back from by itself ({@code shutting-down | terminated | stopping |
 *       stopped});</li>
 *   <li>failure: a selected check {@code impaired} (issue 4: an impaired instance is one "unable to pass");</li>
 *   <li>otherwise retry (pending, initializing).</li>
 * </ol>
 * With no check selected, {@code running} is enough.
 */
public final class InstanceChecks {

    public enum Check {
        INSTANCE("InstanceStatus"), SYSTEM("SystemStatus");

        private final String member;

        Check(String member) {
            this.member = member;
        }

        public String member() {
            return member;
        }

        /** "instance" or "system", as the CLI spells them. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final List<String> TERMINAL_STATES = List.of("shutting-down", "terminated", "stopping", "stopped");

    private InstanceChecks() { }

    public static List<Acceptor> acceptors(Set<Check> checks) {
        StringBuilder ready = new StringBuilder("InstanceState.Name == 'running'");
        for (Check c : Check.values()) {
            if (checks.contains(c)) ready.append(" && ").append(c.member()).append(".Status == 'ok'");
        }
        List<Acceptor> out = new ArrayList<>();
        out.add(Acceptor.success(Acceptor.path(ready.toString(), true)));
        out.add(Acceptor.failure(Acceptor.path("contains(['" + String.join("','", TERMINAL_STATES)
                + "'], InstanceState.Name)", true), "terminal state"));
        for (Check c : Check.values()) {
            if (checks.contains(c)) {
                out.add(Acceptor.failure(Acceptor.path(c.member() + ".Status", "impaired"),
                        c.label() + " check impaired"));
            }
        }
        out.add(Acceptor.retry(Acceptor.anyError(false)));
        return List.copyOf(out);
    }

    /** Parses "instance,system" (either, both, or "none"). */
    public static Set<Check> parse(String list) {
        Set<Check> out = java.util.EnumSet.noneOf(Check.class);
        for (String part : list.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty() || p.equals("none")) continue;
            switch (p) {
                case "instance" -> out.add(Check.INSTANCE);
                case "system" -> out.add(Check.SYSTEM);
                default -> throw new IllegalArgumentException("unknown check '" + part.trim()
                        + "': expected instance, system, or none");
            }
        }
        return out;
    }
}

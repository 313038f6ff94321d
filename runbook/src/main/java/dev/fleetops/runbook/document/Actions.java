package dev.fleetops.runbook.document;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The Automation actions fleetops knows: every {@link ActionDefinition} the {@link ActionDefinitions} providers on
 * the class path give. Adding an action is its definition (and its implementation), nothing here.
 */
public final class Actions {

    private static final Map<String, ActionDefinition> AUTOMATION = load();

    private Actions() { }

    private static Map<String, ActionDefinition> load() {
        Map<String, ActionDefinition> m = new LinkedHashMap<>();
        for (ActionDefinitions p : ServiceLoader.load(ActionDefinitions.class, Actions.class.getClassLoader())) {
            for (ActionDefinition d : p.definitions()) {
                if (m.put(d.name(), d) != null) throw new IllegalStateException("action " + d.name() + " is defined twice");
            }
        }
        return Collections.unmodifiableMap(m);
    }

    public static Optional<ActionDefinition> automation(String action) {
        return Optional.ofNullable(AUTOMATION.get(action));
    }

    public static Set<String> automationNames() {
        return AUTOMATION.keySet();
    }

    public static Collection<ActionDefinition> definitions() {
        return AUTOMATION.values();
    }

    /** The default timeoutSeconds of a step of {@code action}. */
    public static int defaultTimeoutSeconds(String action) {
        return automation(action).map(ActionDefinition::defaultTimeoutSeconds).orElse(ActionDefinition.DEFAULT_TIMEOUT_SECONDS);
    }
}

package dev.fleetops.runbook.engine;

import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.Actions;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Action name -> implementation: one instance per {@link ActionDefinition} that has one (the definitions are found
 * with ServiceLoader, so adding an action touches nothing here). Immutable; {@link #with} returns an extended
 * registry (tests).
 */
public final class ActionRegistry {

    private final Map<String, Action> actions;

    private ActionRegistry(Collection<Action> actions) {
        Map<String, Action> m = new LinkedHashMap<>();
        for (Action a : actions) {
            if (m.put(a.name(), a) != null) throw new IllegalArgumentException("action " + a.name() + " registered twice");
        }
        this.actions = m;
    }

    /** Every action fleetops implements. */
    public static ActionRegistry standard() {
        return new ActionRegistry(Actions.definitions().stream().flatMap(d -> d.newAction().stream()).toList());
    }

    public static ActionRegistry of(Action... actions) {
        return new ActionRegistry(List.of(actions));
    }

    /** This registry plus {@code action} (replacing one of the same name). */
    public ActionRegistry with(Action action) {
        Map<String, Action> m = new LinkedHashMap<>(actions);
        m.put(action.name(), action);
        return new ActionRegistry(m.values());
    }

    public Optional<Action> find(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    Action require(String name) {
        Action a = actions.get(name);
        if (a == null) throw new IllegalStateException("action " + name + " is not registered (checked at start)");
        return a;
    }

    public Collection<String> names() {
        return actions.keySet();
    }
}

package dev.fleetops.runbook.document;

import java.util.List;

/**
 * A set of action definitions, found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.fleetops.runbook.document.ActionDefinitions}): one provider per package of actions.
 * {@link Actions} holds what they provide.
 */
public interface ActionDefinitions {

    List<ActionDefinition> definitions();
}

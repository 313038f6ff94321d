package dev.fleetops.events.spi;

import dev.fleetops.source.MapNode;

/**
 * Makes a {@link Handler} from a rule's {@code settings:} block, validating it at load: unknown keys
 * ({@code MapNode.allowOnly}), types and ranges become {@link dev.fleetops.source.InputError}s with file and line.
 */
public interface HandlerFactory {

    String name();

    /** @param settings the rule's settings (an empty map located at the rule when the rule has none) */
    Handler create(MapNode settings);
}

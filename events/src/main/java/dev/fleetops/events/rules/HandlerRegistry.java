package dev.fleetops.events.rules;

import dev.fleetops.events.spi.HandlerFactory;
import dev.fleetops.source.InputError;
import dev.fleetops.source.Node;
import dev.fleetops.source.Suggest;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Handler name -> factory. The rules loader asks it for each {@code handler: NAME}. */
public final class HandlerRegistry {

    private final Map<String, HandlerFactory> factories = new LinkedHashMap<>();

    public HandlerRegistry register(HandlerFactory factory) {
        if (factories.putIfAbsent(factory.name(), factory) != null) {
            throw new IllegalArgumentException("handler registered twice: " + factory.name());
        }
        return this;
    }

    /** Puts {@code factory} in place of the one of the same name (e.g. a handler over a store the daemon shares). */
    public HandlerRegistry replace(HandlerFactory factory) {
        if (factories.replace(factory.name(), factory) == null) {
            throw new IllegalArgumentException("no handler to replace: " + factory.name());
        }
        return this;
    }

    public Optional<HandlerFactory> find(String name) {
        return Optional.ofNullable(factories.get(name));
    }

    /** The factory named by {@code nameNode}, or an InputError at that node listing the known handlers. */
    public HandlerFactory require(String name, Node nameNode) {
        HandlerFactory f = factories.get(name);
        if (f != null) return f;
        throw InputError.at(nameNode, "unknown handler '" + name + "'"
                + Suggest.didYouMean(name, factories.keySet()) + " (known: " + String.join(", ", factories.keySet()) + ")");
    }

    public Collection<String> names() {
        return factories.keySet();
    }
}

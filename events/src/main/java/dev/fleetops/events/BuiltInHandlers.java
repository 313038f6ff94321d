package dev.fleetops.events;

import dev.fleetops.events.rules.HandlerRegistry;
import dev.fleetops.events.spi.HandlerFactory;

import java.util.ServiceLoader;

/**
 * The handlers fleetops ships. Each is a {@link HandlerFactory} listed in
 * {@code META-INF/services/dev.fleetops.events.spi.HandlerFactory}, so a handler package adds itself without
 * touching this class or the CLI.
 */
public final class BuiltInHandlers {

    private BuiltInHandlers() { }

    public static HandlerRegistry registry() {
        HandlerRegistry r = new HandlerRegistry();
        for (HandlerFactory f : ServiceLoader.load(HandlerFactory.class, BuiltInHandlers.class.getClassLoader())) {
            r.register(f);
        }
        return r;
    }
}

package dev.fleetops.reconcile;

import java.util.List;
import java.util.ServiceLoader;

/** The kinds a fleet file may declare: every {@link Kind} listed in META-INF/services, in the order listed. */
public final class Kinds {

    private Kinds() { }

    public static List<Kind> all() {
        return ServiceLoader.load(Kind.class, Kind.class.getClassLoader()).stream().map(ServiceLoader.Provider::get)
                .toList();
    }

    public static FleetReader reader() {
        return new FleetReader(all());
    }
}

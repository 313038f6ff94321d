package dev.fleetops.reconcile;

import dev.fleetops.source.MapNode;

import java.util.Set;

/** A resource kind: its name in fleet files, its property names, and how it reads one declaration. */
public interface Kind {

    String name();

    /** The property names the kind takes besides kind, name, requires and meta. */
    Set<String> properties();

    /** Reads (and validates) one resource; properties already checked against {@link #properties()}. */
    Resource read(MapNode node, String name, Meta meta);

    /** How a kind builds one resource from its declaration. */
    @FunctionalInterface
    interface Reader {
        Resource read(MapNode node, String name, Meta meta);
    }

    static Kind of(String name, Set<String> properties, Reader reader) {
        return new Kind() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> properties() {
                return properties;
            }

            @Override
            public Resource read(MapNode node, String n, Meta meta) {
                return reader.read(node, n, meta);
            }
        };
    }
}

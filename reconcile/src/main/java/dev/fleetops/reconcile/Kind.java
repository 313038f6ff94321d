package dev.fleetops.reconcile;

import dev.fleetops.source.MapNode;

import java.util.Set;

/**
 * A resource kind: its name in fleet files, its property names, and how it reads one declaration. Kinds are found
 * by {@link Kinds} through {@link java.util.ServiceLoader}: a kind is its own file (with a public nested
 * {@code Type extends Kind.Declared}) plus its line in {@code META-INF/services/dev.fleetops.reconcile.Kind}.
 */
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

    /** A kind from its name, properties and reader: what a kind's {@code Type} extends. */
    abstract class Declared implements Kind {
        private final String name;
        private final Set<String> properties;
        private final Reader reader;

        protected Declared(String name, Set<String> properties, Reader reader) {
            this.name = name;
            this.properties = Set.copyOf(properties);
            this.reader = reader;
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final Set<String> properties() {
            return properties;
        }

        @Override
        public final Resource read(MapNode node, String n, Meta meta) {
            return reader.read(node, n, meta);
        }
    }
}

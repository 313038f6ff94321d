package dev.fleetops.sim.wire;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encoded XML of model objects the simulator answers again and again unchanged (EC2's Instance: the simulator
 * keeps one until the instance changes), kept by the object's identity for as long as the object lives. SDK model
 * objects are immutable, so the same object always encodes to the same text under one protocol's names; an
 * instance that changed is a new object, encoded afresh. One per protocol (its names and layout are the text's).
 */
final class Fragments {

    static final Fragments NONE = new Fragments(Set.of());

    private final Set<Class<?>> kept;
    private final ConcurrentHashMap<Object, byte[]> texts = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    private Fragments(Set<Class<?>> kept) {
        this.kept = kept;
    }

    /** Keeping the XML of objects of exactly these classes. */
    static Fragments of(Class<?>... kept) {
        return new Fragments(Set.of(kept));
    }

    boolean keeps(Object pojo) {
        return !kept.isEmpty() && kept.contains(pojo.getClass());
    }

    /** The kept text of {@code pojo} (UTF-8), or null. */
    byte[] get(Object pojo) {
        return texts.get(new Probe(pojo));
    }

    void keep(Object pojo, byte[] text) {
        forgetCollected();
        texts.put(new Key(pojo, collected), text);
    }

    int size() {
        forgetCollected();
        return texts.size();
    }

    private void forgetCollected() {
        for (Object k; (k = collected.poll()) != null; ) texts.remove(k);
    }

    /** An object by identity, held weakly: an answer's objects are dropped once the simulator has replaced them. */
    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object pojo, ReferenceQueue<Object> q) {
            super(pojo, q);
            this.hash = System.identityHashCode(pojo);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return this == o; // a collected key is removed by itself; lookups go through Probe
        }
    }

    /** A lookup by identity, without making a reference object per lookup (the map asks the probe: probe.equals(key)). */
    private record Probe(Object pojo) {
        @Override
        public int hashCode() {
            return System.identityHashCode(pojo);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.get() == pojo;
        }
    }
}

package dev.fleetops.reconcile;

/** A running watch. {@link #close()} releases everything it holds; the engine calls it once. */
@FunctionalInterface
public interface Watch extends AutoCloseable {
    @Override
    void close();
}

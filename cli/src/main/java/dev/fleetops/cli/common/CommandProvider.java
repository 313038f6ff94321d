package dev.fleetops.cli.common;

/**
 * A command that lives in another jar and joins {@code fleetops} when that jar is on the classpath (found through
 * {@link java.util.ServiceLoader}). The benchmarks use it: they ship in {@code fleetops-bench.jar}, so JMH and the
 * in-process test servers they start are never on the command line's runtime classpath.
 */
public interface CommandProvider {

    /** A picocli command object (annotated with {@code @Command}). */
    Object command();
}

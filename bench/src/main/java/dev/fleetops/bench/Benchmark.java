package dev.fleetops.bench;

import java.io.PrintWriter;

/** A named, rerunnable measurement behind {@code fleetops bench NAME}. */
public interface Benchmark {

    String name();

    /** One line: what is measured and against which target. */
    String description();

    /**
     * Runs the measurement.
     * @param quick    fewer iterations (CI smoke run); numbers are less precise
     * @param progress where to say what is happening (stderr); never the result
     */
    BenchResult run(boolean quick, PrintWriter progress) throws Exception;
}

package dev.fleetops.bench;

import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;

import java.io.PrintWriter;
import java.util.Collection;

/**
 * Runs JMH for the bench commands. JMH holds a machine-wide lock ({@code jmh.lock} in the temporary directory) so two measurements never
 * share the CPUs; when another JMH run holds it (another benchmark, another user), this waits for it, saying so,
 * instead of failing with JMH's stack trace.
 */
final class JmhRuns {

    static final long WAIT_MILLIS = 10 * 60 * 1000L;
    private static final long RETRY_MILLIS = 5_000L;

    private JmhRuns() { }

    /** JMH's lock file: {@code jmh.lock} in the temporary directory. */
    static String lockFile() {
        return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock").toString();
    }

    static Collection<RunResult> run(Options options, PrintWriter progress) throws RunnerException, InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        boolean told = false;
        while (true) {
            try {
                return new Runner(options, new SilentFormat()).run();
            } catch (RunnerException e) {
                if (!lockHeld(e)) throw e;
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("another JMH run held " + lockFile() + " for " + WAIT_MILLIS / 60_000
                            + " minutes; run the benchmark again when it is done");
                }
                if (!told) {
                    progress.println("  another JMH run holds " + lockFile() + ": waiting for it (up to "
                            + WAIT_MILLIS / 60_000 + " minutes)...");
                    progress.flush();
                    told = true;
                }
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    private static boolean lockHeld(RunnerException e) {
        return e.getMessage() != null && e.getMessage().contains("Unable to acquire the JMH lock");
    }

    /**
     * The settings every fleetops JMH benchmark shares: 1 s iterations, 3 warm-up + 5 measured (1 + 2 with
     * {@code --quick}), failing on error. Callers add forks, threads and JVM options.
     */
    static ChainedOptionsBuilder standard(String include, boolean quick) {
        return new OptionsBuilder().include(include)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true);
    }

    /** The iterations of {@link #standard}, for a benchmark's method text. */
    static String iterations(boolean quick) {
        return (quick ? "1 warmup + 2" : "3 warmup + 5") + " x 1 s";
    }
}

package dev.fleetops.bench;

import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;

import java.util.Collection;

/** JMH output muted: fleetops prints its own result table (JMH's progress would flood -o json). */
final class SilentFormat implements OutputFormat {
    @Override public void iteration(BenchmarkParams b, IterationParams p, int i) { }
    @Override public void iterationResult(BenchmarkParams b, IterationParams p, int i, IterationResult r) { }
    @Override public void startBenchmark(BenchmarkParams b) { }
    @Override public void endBenchmark(BenchmarkResult r) { }
    @Override public void startRun() { }
    @Override public void endRun(Collection<RunResult> r) { }
    @Override public void print(String s) { }
    @Override public void println(String s) { }
    @Override public void flush() { }
    @Override public void close() { }
    @Override public void verbosePrintln(String s) { }
    @Override public void write(int b) { }
    @Override public void write(byte[] b) { }
}

package dev.fleetops.bench;

import dev.fleetops.time.VirtualScheduler;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulation kernel's throughput: simulated events per second on one core. Workload: 10,000 periodic timers
 * (one per simulated target, like health checks), each rescheduling itself with a varying delay, so every event is a
 * take from the queue (the timing wheel), a task run and an add with 10,000 entries pending.
 */
public final class KernelBenchmark implements Benchmark {

    static final int TIMERS = 10_000;
    static final int BATCH = 10_000;

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public String description() {
        return "virtual-time kernel: simulated events/s with 10,000 pending timers (JMH; target >= 1,000,000/s)";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) throws Exception {
        progress.println("kernel: JMH, 1 fork, " + JmhRuns.iterations(quick) + " iterations...");
        var opts = JmhRuns.standard("KernelBenchmark", quick).forks(1).jvmArgsAppend("-Xmx1g").build();
        Collection<RunResult> results = JmhRuns.run(opts, progress);
        RunResult r = results.iterator().next();
        double score = r.getPrimaryResult().getScore();
        double error = r.getPrimaryResult().getScoreError();
        return new BenchResult(name(),
                "JMH throughput, 1 fork, " + JmhRuns.iterations(quick) + ", "
                        + TIMERS + " self-rescheduling timers, " + Runtime.getRuntime().availableProcessors() + " cores",
                List.of(BenchResult.Metric.atLeast("simulated events per second", Math.round(score), "events/s", 1_000_000),
                        BenchResult.Metric.info("error (99.9%)", Math.round(Double.isNaN(error) ? 0 : error), "events/s")));
    }

    /** The JMH benchmark itself; public for JMH's generated code. */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Fork(1)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public static class Jmh {
        VirtualScheduler scheduler;
        long[] delays;

        @Setup(Level.Trial)
        public void setUp() {
            scheduler = new VirtualScheduler();
            delays = new long[TIMERS];
            for (int i = 0; i < TIMERS; i++) {
                delays[i] = 5_000_000_000L + (i * 7919L % 1_000_000_000L); // 5-6 s, deterministic spread
                int n = i;
                scheduler.scheduleNanos(delays[i], new Runnable() {
                    @Override
                    public void run() {
                        scheduler.scheduleNanos(delays[n], this);
                    }
                });
            }
        }

        @org.openjdk.jmh.annotations.Benchmark
        @OperationsPerInvocation(BATCH)
        public long events() {
            for (int i = 0; i < BATCH; i++) scheduler.step();
            return scheduler.processed();
        }
    }
}

package dev.fleetops.bench;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.action.control.Signal;
import dev.fleetops.runbook.document.Validation;
import dev.fleetops.runbook.engine.ActionRegistry;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.runbook.engine.RunbookEngine;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The runbook engine's own cost per step: a 100-step document whose steps are a no-op action with interpolated
 * inputs, run to the end in virtual time. Everything the engine does per step is in it: interpolation, the
 * attempt with its timeout timer and stop token, records and store saves (in memory), listener calls, routing.
 * The store keeps a run's records while it runs and forgets them after it, so the heap stays the same size from
 * the first invocation to the last (a store that kept every run grew by thousands of 100-step records per
 * iteration, and the garbage collector's growing work showed up as per-step time and as noise).
 */
public final class RunbookStepBenchmark implements Benchmark {

    static final int STEPS = 100;

    @Override
    public String name() {
        return "runbook-step";
    }

    @Override
    public String description() {
        return "runbook engine overhead per step transition, no-op action (JMH; target < 100 us)";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) throws Exception {
        int forks = quick ? 1 : 2;
        progress.println("runbook-step: JMH, " + forks + " fork(s), " + JmhRuns.iterations(quick) + " iterations...");
        var opts = JmhRuns.standard("RunbookStepBenchmark", quick).forks(forks).jvmArgsAppend("-Xms1g", "-Xmx1g").build();
        Collection<RunResult> results = JmhRuns.run(opts, progress);
        List<BenchResult.Metric> metrics = new java.util.ArrayList<>();
        for (RunResult r : results) {
            boolean journaled = r.getParams().getBenchmark().contains("WithJournal");
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            var stats = r.getPrimaryResult().getStatistics();
            String what = journaled ? "engine + journal (SQLite, synchronous=FULL, embedded)" : "engine alone";
            metrics.add(BenchResult.Metric.atMost(what + ": time per step", round(score), "us", journaled ? 200 : 100));
            metrics.add(BenchResult.Metric.info(what + ": error (99.9%)", round(Double.isNaN(error) ? 0 : error), "us"));
            metrics.add(BenchResult.Metric.info(what + ": median iteration", round(stats.getPercentile(50)), "us"));
            metrics.add(BenchResult.Metric.info(what + ": best iteration", round(stats.getMin()), "us"));
        }
        return new BenchResult(name(),
                "JMH average time, " + forks + " fork(s) with a fixed 1 GiB heap, " + JmhRuns.iterations(quick)
                        + " per fork, a " + STEPS + "-step document of no-op steps with interpolated inputs,"
                        + " in-memory store emptied after each run; with the journal, every run is also journaled"
                        + " (lease, started, one result per step, ended, release) and waited for until durable (flush),"
                        + " so the run's fsyncs are in its time; " + Runtime.getRuntime().availableProcessors()
                        + " cores (shared: the median and best iterations show how much of the mean is other load)",
                metrics);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The JMH benchmark itself; public for JMH's generated code. */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(1)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public static class Jmh {
        VirtualScheduler scheduler;
        RunScopedStore store;
        RunbookEngine engine;
        Validation document;
        ActionRegistry actions;

        @Setup(Level.Trial)
        public void setUp() {
            scheduler = new VirtualScheduler();
            Cloud cloud = Cloud.builder().scheduler(scheduler).build();
            Action noop = new Action() {
                final CompletableFuture<ActionResult> done = CompletableFuture.completedFuture(ActionResult.empty());

                @Override
                public String name() {
                    return "aws:executeAwsApi";
                }

                @Override
                public CompletionStage<ActionResult> execute(ActionContext context) {
                    return done;
                }
            };
            store = new RunScopedStore();
            actions = ActionRegistry.of(noop);
            engine = RunbookEngine.builder(cloud).ssmDocuments(false).actions(actions).store(store).build();
            StringBuilder doc = new StringBuilder("schemaVersion: '0.3'\nparameters:\n  Id: {type: String, default: i-1}\nmainSteps:\n");
            for (int i = 0; i < STEPS; i++) {
                doc.append("  - name: s").append(i).append("\n    action: aws:executeAwsApi\n")
                        .append("    inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: ['{{ Id }}']}\n");
            }
            document = engine.validator().validate("bench.yaml", doc.toString());
        }

        @org.openjdk.jmh.annotations.Benchmark
        @OperationsPerInvocation(STEPS)
        public ExecutionRecord run() {
            var ex = engine.start(document, Map.of());
            scheduler.runUntilIdle();
            ExecutionRecord r = ex.result().toCompletableFuture().getNow(null);
            if (r == null || r.status() != Status.Success) throw new IllegalStateException("run did not succeed: " + r);
            store.clear();
            return r;
        }
    }

    /**
     * The same runs with the durable journal (docs/journal.md): SQLite in a temporary directory, WAL,
     * synchronous=FULL, the journal's callbacks run inline as the engine's crash tests run them. Each run is
     * waited for until all its entries are durable. The no-op steps make no mutating call, so no step waits for
     * an intent: a step's result is appended without waiting and the run's appends share the group commits.
     */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Fork(1)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public static class WithJournal {
        final Jmh plain = new Jmh();
        dev.fleetops.journal.Journal journal;
        java.nio.file.Path dir;

        @Setup(Level.Trial)
        public void setUp() throws java.io.IOException {
            plain.setUp();
            dir = java.nio.file.Files.createTempDirectory("fleetops-runbook-step");
            journal = dev.fleetops.journal.Journals.sqlite(dir, plain.scheduler, Runnable::run);
            plain.engine = RunbookEngine.builder(Cloud.builder().scheduler(plain.scheduler).build()).ssmDocuments(false)
                    .actions(plain.actions).store(plain.store).journal(journal, "bench:1:1").build();
        }

        @org.openjdk.jmh.annotations.TearDown(Level.Trial)
        public void tearDown() {
            journal.close();
        }

        @org.openjdk.jmh.annotations.Benchmark
        @OperationsPerInvocation(STEPS)
        public ExecutionRecord run() {
            var ex = plain.engine.start(plain.document, Map.of());
            plain.scheduler.runUntilIdle();
            journal.flush().toCompletableFuture().join();
            plain.scheduler.runUntilIdle();
            ExecutionRecord r = ex.result().toCompletableFuture().getNow(null);
            if (r == null || r.status() != Status.Success) throw new IllegalStateException("run did not succeed: " + r);
            plain.store.clear();
            return r;
        }
    }

    /** The in-memory store's work (a map of records by id), emptied between runs. */
    static final class RunScopedStore implements ExecutionStore {
        private final Map<String, ExecutionRecord> records = new LinkedHashMap<>();

        @Override
        public void save(ExecutionRecord record) {
            records.put(record.id(), record);
        }

        @Override
        public Optional<ExecutionRecord> load(String executionId) {
            return Optional.ofNullable(records.get(executionId));
        }

        @Override
        public List<String> ids() {
            return List.copyOf(records.keySet());
        }

        @Override
        public void signal(String executionId, Signal signal) {
            throw new UnsupportedOperationException("no signals in this benchmark");
        }

        @Override
        public List<Signal> takeSignals(String executionId) {
            return List.of();
        }

        void clear() {
            records.clear();
        }
    }
}

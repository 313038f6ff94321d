package dev.fleetops.journal;

import dev.fleetops.execution.Status;
import dev.fleetops.json.Json;
import dev.fleetops.time.VirtualScheduler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Appends per second and latency per append of the SQLite journal on this machine's disk, without JMH: (1) one
 * append at a time, each waited for (a commit and an fsync each: the latency a step transition sees alone);
 * (2) many executions appending at once, as a busy engine does (group commit: many appends per fsync).
 * Run: {@code java -cp <kernel test classpath> dev.fleetops.journal.JournalBench [DIR] [N]}.
 */
public final class JournalBench {

    private JournalBench() { }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("journal-bench");
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        VirtualScheduler scheduler = new VirtualScheduler();
        try (Journal j = Journals.sqlite(dir, scheduler, Runnable::run)) {
            var intent = new Entry.StepIntent(scheduler.now(), "reboot", 1, "ec2", "RebootInstances", "tok",
                    Json.object().put("InstanceIds", "i-0123456789abcdef0"));
            var result = new Entry.StepResult(scheduler.now(), "reboot", 1, Status.Success, Map.of(), Optional.empty());
            Entry.Started started = new Entry.Started(scheduler.now(), ExecutionKind.RUNBOOK, "AWS-RestartEC2Instance",
                    Optional.of("9f86d081884c7d65"), Map.of(), Optional.empty());

            // 1. alone: append, wait, append...
            j.append("alone", Journal.UNLEASED, started).toCompletableFuture().join();
            int alone = Math.max(200, n / 100);
            long[] lat = new long[alone];
            long t0 = System.nanoTime();
            for (int i = 0; i < alone; i++) {
                long s = System.nanoTime();
                j.append("alone", Journal.UNLEASED, i % 2 == 0 ? intent : result).toCompletableFuture().join();
                lat[i] = System.nanoTime() - s;
            }
            report("one at a time", alone, System.nanoTime() - t0, lat, ((StoreJournal) j).batches());

            // 2. together: 100 executions, n appends submitted as fast as the caller can, each timed to its ack
            long batches0 = ((StoreJournal) j).batches();
            int executions = 100;
            for (int e = 0; e < executions; e++) j.append("x" + e, Journal.UNLEASED, started).toCompletableFuture().join();
            long[] lat2 = new long[n];
            List<CompletableFuture<Void>> all = new ArrayList<>(n);
            batches0 = ((StoreJournal) j).batches();
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                int k = i;
                long s = System.nanoTime();
                all.add(j.append("x" + (i % executions), Journal.UNLEASED, i % 2 == 0 ? intent : result).toCompletableFuture()
                        .thenAccept(seq -> lat2[k] = System.nanoTime() - s));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            report("group commit, 100 executions", n, System.nanoTime() - t1, lat2, ((StoreJournal) j).batches() - batches0);
        }
    }

    private static void report(String what, int n, long nanos, long[] lat, long batches) {
        long[] sorted = lat.clone();
        Arrays.sort(sorted);
        System.out.printf("%-30s %7d appends in %6.0f ms: %8.0f appends/s, latency p50 %6.2f ms, p99 %6.2f ms, max %6.2f ms, %d commits%n",
                what, n, nanos / 1e6, n / (nanos / 1e9), sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, sorted[n - 1] / 1e6, batches);
    }
}

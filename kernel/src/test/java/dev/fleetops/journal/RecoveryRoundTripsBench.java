package dev.fleetops.journal;

import dev.fleetops.execution.Status;
import dev.fleetops.json.Json;
import dev.fleetops.testing.DynamoDbLocal;
import dev.fleetops.time.RealScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What one recovery of N open executions costs on the DynamoDB journal (DynamoDB Local, in-process): each
 * execution continued as a replica continues a dead one's run (its lease taken, its history read, its child's
 * lease and history, the step's intent and result, the ended entries, the leases released), all N at once.
 * Reports the wall time and the writer's batches (its sequential rounds of round trips), per execution.
 * Run: {@code java -Dsqlite4java.library.path=kernel/target/native-libs -cp <kernel test classpath>
 * dev.fleetops.journal.RecoveryRoundTripsBench [N] [REPEATS]}.
 */
public final class RecoveryRoundTripsBench {

    private RecoveryRoundTripsBench() { }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        DynamoDbLocal dynamo = DynamoDbLocal.start();
        RealScheduler scheduler = new RealScheduler();
        try {
            for (int r = 0; r < repeats; r++) {
                String prefix = "bench-" + r;
                try (Journal dead = Journals.dynamoDb(dynamo.client(), prefix, true, scheduler, Runnable::run)) {
                    for (int i = 0; i < n; i++) opened(dead, "run-" + i, Duration.ofMillis(1));
                }
                try (Journal j = Journals.dynamoDb(dynamo.client(), prefix, false, scheduler, Runnable::run)) {
                    long b0 = ((StoreJournal) j).batches();
                    long t0 = System.nanoTime();
                    List<CompletableFuture<?>> all = new ArrayList<>();
                    for (int i = 0; i < n; i++) all.add(continued(j, "run-" + i).toCompletableFuture());
                    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
                    long wall = System.nanoTime() - t0;
                    long batches = ((StoreJournal) j).batches() - b0;
                    System.out.printf("recovery of %d open executions: %6.0f ms wall (%5.1f ms per execution), %d writer batches%n",
                            n, wall / 1e6, wall / 1e6 / n, batches);
                }
            }
        } finally {
            scheduler.close();
            dynamo.close();
        }
    }

    /** A run and its child as a killed replica leaves them: started, the child's intent journaled, leases left to expire. */
    private static void opened(Journal j, String id, Duration ttl) {
        Lease l = j.leases().acquire(id, "dead", ttl).toCompletableFuture().join().orElseThrow();
        j.append(id, l.token(), started(ExecutionKind.HANDLER, Optional.empty())).toCompletableFuture().join();
        String child = id + "/1";
        Lease c = j.leases().acquire(child, "dead", ttl).toCompletableFuture().join().orElseThrow();
        j.append(child, c.token(), started(ExecutionKind.RUNBOOK, Optional.of(id))).toCompletableFuture().join();
        j.append(child, c.token(), intent()).toCompletableFuture().join();
        try {
            Thread.sleep(ttl.toMillis() + 5); // a bench, not a test: the leases must have expired
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sequence a replica goes through to continue one run: each call waits for the one before it. */
    private static CompletionStage<Void> continued(Journal j, String id) {
        String child = id + "/1";
        return j.leases().acquire(id, "alive").thenCompose(l -> j.history(id).thenCompose(h -> j.leases().acquire(child, "alive")
                .thenCompose(c -> j.history(child)
                        .thenCompose(ch -> j.append(child, c.get().token(), result()))
                        .thenCompose(s -> j.append(child, c.get().token(), new Entry.Ended(java.time.Instant.now(), Status.Success, Optional.empty())))
                        .thenCompose(s -> j.leases().release(c.get())))
                .thenCompose(v -> j.append(id, l.get().token(), new Entry.Ended(java.time.Instant.now(), Status.Success, Optional.empty())))
                .thenCompose(s -> j.leases().release(l.get()))));
    }

    private static Entry.Started started(ExecutionKind kind, Optional<String> parent) {
        return new Entry.Started(java.time.Instant.now(), kind, "Doc", Optional.empty(), Map.of(), parent);
    }

    private static Entry intent() {
        return new Entry.StepIntent(java.time.Instant.now(), "send", 1, "sqs", "SendMessage", "tok",
                Json.object().put("QueueUrl", "https://sqs.example/effects.fifo"));
    }

    private static Entry result() {
        return new Entry.StepResult(java.time.Instant.now(), "send", 1, Status.Success, Map.of(), Optional.empty());
    }
}

package dev.fleetops.journal;

import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Continues recovered executions in turn (docs/recovery.md, "Start-up recovery that survives the next kill"): in
 * the order given (oldest first), at most {@code atOnce} started and not finished, the next one started when one
 * finishes or has had its {@code turn} (a run that waits, for an approval or a drain, does not hold the others
 * back). Each execution's lease is taken when its turn comes, not all up front, so a replica killed during its
 * recovery leaves few leases to expire and the first executions have finished.
 */
public final class InTurn<T, R> {

    /**
     * Executions continued at once by a recovery: as many as the shared store has calls in flight together
     * ({@link DynamoDbBackend#IN_FLIGHT}), so a kill's runs (10 workers' handler runs and their children) go in the
     * first wave; few enough that a restart killed meanwhile leaves a bounded set to expire.
     */
    public static final int AT_ONCE = DynamoDbBackend.IN_FLIGHT;

    /** After this long a continued execution no longer holds its turn. */
    public static final Duration TURN = Duration.ofSeconds(10);

    private final List<T> items;
    private final Function<T, CompletionStage<R>> work;
    private final Scheduler scheduler;
    private final Duration turn;
    private final List<CompletableFuture<R>> results = new ArrayList<>();
    private int next;

    private InTurn(List<T> items, Function<T, CompletionStage<R>> work, Scheduler scheduler, Duration turn) {
        this.items = List.copyOf(items);
        this.work = work;
        this.scheduler = scheduler;
        this.turn = turn;
        for (int i = 0; i < this.items.size(); i++) results.add(new CompletableFuture<>());
    }

    /** Every item's result in the order of {@code items}, once all have finished (a failed one fails the whole). */
    public static <T, R> CompletionStage<List<R>> run(List<T> items, int atOnce, Duration turn, Scheduler scheduler,
                                                      Function<T, CompletionStage<R>> work) {
        if (atOnce < 1) throw new IllegalArgumentException("at least one execution at a time, not " + atOnce);
        InTurn<T, R> t = new InTurn<>(items, work, scheduler, turn);
        for (int i = 0; i < atOnce; i++) t.startNext();
        return CompletableFuture.allOf(t.results.toArray(CompletableFuture[]::new))
                .thenApply(v -> t.results.stream().map(CompletableFuture::join).toList());
    }

    public static <T, R> CompletionStage<List<R>> run(List<T> items, Scheduler scheduler, Function<T, CompletionStage<R>> work) {
        return run(items, AT_ONCE, TURN, scheduler, work);
    }

    private void startNext() {
        int i;
        synchronized (this) {
            if (next >= items.size()) return;
            i = next++;
        }
        AtomicBoolean handedOn = new AtomicBoolean();
        Runnable passTurn = () -> {
            if (handedOn.compareAndSet(false, true)) startNext();
        };
        Scheduler.Cancellable timer = scheduler.schedule(turn, passTurn);
        CompletionStage<R> stage;
        try {
            stage = work.apply(items.get(i));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((r, e) -> {
            timer.cancel();
            if (e != null) results.get(i).completeExceptionally(e);
            else results.get(i).complete(r);
            passTurn.run();
        });
    }
}

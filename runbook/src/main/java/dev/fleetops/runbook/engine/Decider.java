package dev.fleetops.runbook.engine;

import dev.fleetops.runbook.action.control.Decision;
import dev.fleetops.runbook.action.control.DecisionRequest;
import dev.fleetops.runbook.action.control.Signal;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Gets decisions for aws:approve and aws:pause steps. The step's own timeout bounds the wait (the engine stops it
 * through {@code stop}); a decider only has to answer or stop asking when {@code stop} completes.
 */
public interface Decider {

    CompletionStage<Decision> decide(DecisionRequest request, CompletionStage<Void> stop);

    /** {@code --approve-all}: every approval is granted at once (by as many approvers as it needs), every pause resumed. */
    static Decider approveAll(Scheduler scheduler) {
        return (request, stop) -> {
            int n = Math.max(1, request.minApprovals());
            Signal.Type type = request.kind() == DecisionRequest.Kind.PAUSE ? Signal.Type.Resume : Signal.Type.Approve;
            List<Signal> signals = java.util.stream.IntStream.rangeClosed(1, n)
                    .mapToObj(i -> Signal.of(type, n == 1 ? "--approve-all" : "--approve-all#" + i, scheduler.now()))
                    .toList();
            return CompletableFuture.completedFuture(new Decision(true, signals));
        };
    }

    /** Signals left in {@code store}, polled every {@code interval} on the scheduler's clock. */
    static Decider polling(ExecutionStore store, Scheduler scheduler, Duration interval) {
        return new StoreDecider(store, scheduler, interval, false);
    }

    /**
     * Signals left in {@code store} by another process, watched on real time by a daemon thread that hands each
     * decision to the (possibly virtual) scheduler; virtual time is held until the decision lands.
     */
    static Decider watching(ExecutionStore store, Scheduler scheduler, Duration realInterval) {
        return new StoreDecider(store, scheduler, realInterval, true);
    }
}

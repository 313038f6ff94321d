package dev.fleetops.runbook.engine;

import dev.fleetops.runbook.action.control.Decision;
import dev.fleetops.runbook.action.control.DecisionRequest;
import dev.fleetops.runbook.action.control.Signal;
import dev.fleetops.time.RealScheduler;
import dev.fleetops.time.Scheduler;
import dev.fleetops.time.VirtualScheduler;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.Outcome;
import dev.fleetops.waiters.Poll;
import dev.fleetops.waiters.Verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;

/**
 * Decides from the signals in an {@link ExecutionStore}: one Reject rejects; approvals from distinct people are
 * counted up to the minimum; a pause resumes on Resume (or Approve). Polls either on the scheduler's clock or,
 * for signals from another process while virtual time is held, on a real-time watcher thread.
 */
final class StoreDecider implements Decider {

    private final ExecutionStore store;
    private final Scheduler scheduler;
    private final Duration interval;
    private final boolean watcher;

    StoreDecider(ExecutionStore store, Scheduler scheduler, Duration interval, boolean watcher) {
        this.store = store;
        this.scheduler = scheduler;
        this.interval = interval;
        this.watcher = watcher;
    }

    @Override
    public CompletionStage<Decision> decide(DecisionRequest request, CompletionStage<Void> stop) {
        Tally tally = new Tally(request);
        CompletableFuture<Decision> out = new CompletableFuture<>();
        stop.whenComplete((v, e) -> out.cancel(false));
        // A watcher polls the store on real time (a person is awaited) and hands the decision to the run's own
        // scheduler; on virtual time the clock is held meanwhile. Otherwise the store is polled on the run's clock.
        Scheduler pollOn = watcher ? RealTime.INSTANCE : scheduler;
        // the step's timeout (at most 30 days for aws:approve) ends the wait through stop; this bound is a backstop
        Poll<Decision> poll = Poll.start(pollOn, Backoff.fixed(interval), new SplittableRandom(0), Duration.ofDays(31),
                n -> {
                    Decision d = tally.add(store.takeSignals(tally.request.executionId()));
                    return CompletableFuture.completedFuture(d != null ? Verdict.success(d)
                            : Verdict.retry("waiting for " + (tally.request.kind() == DecisionRequest.Kind.PAUSE
                            ? "Resume" : "approval")));
                });
        out.whenComplete((d, e) -> poll.cancel());
        poll.outcome().thenAccept(o -> {
            if (o instanceof Outcome.Succeeded<Decision> s) scheduler.schedule(Duration.ZERO, () -> out.complete(s.value()));
        });
        if (watcher && scheduler instanceof VirtualScheduler virtual) hold(virtual, out);
        return out;
    }

    /**
     * Holds virtual time while a person decides: a task due now that parks the driving thread in short slices and
     * re-queues itself until the decision arrives (through the scheduler's thread-safe inbox). Otherwise the clock
     * would race to the step's timeout in milliseconds. Everything on that scheduler waits meanwhile, as it should.
     */
    private static void hold(VirtualScheduler virtual, CompletableFuture<Decision> out) {
        virtual.schedule(Duration.ZERO, new Runnable() {
            @Override
            public void run() {
                if (out.isDone()) return;
                LockSupport.parkNanos(20_000_000L);
                virtual.schedule(Duration.ZERO, this);
            }
        });
    }

    /** Real time for watchers, created on first use (its threads are daemons). */
    private static final class RealTime {
        static final RealScheduler INSTANCE = new RealScheduler();
    }

    private static final class Tally {
        final DecisionRequest request;
        final List<Signal> seen = new ArrayList<>();
        final Set<String> approvers = new LinkedHashSet<>();

        Tally(DecisionRequest request) {
            this.request = request;
        }

        synchronized Decision add(List<Signal> signals) {
            for (Signal s : signals) {
                if (!s.appliesTo(request.stepName())) continue;
                seen.add(s);
                if (s.type() == Signal.Type.Reject) return new Decision(false, seen);
                if (request.kind() == DecisionRequest.Kind.PAUSE) return new Decision(true, seen);
                approvers.add(s.by());
                if (approvers.size() >= Math.max(1, request.minApprovals())) return new Decision(true, seen);
            }
            return null;
        }
    }
}

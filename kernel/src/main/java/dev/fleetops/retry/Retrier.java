package dev.fleetops.retry;

import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs calls under a {@link RetryPolicy}: re-attempts are scheduled on the injected {@link Scheduler} (nothing
 * sleeps or blocks, so retries run in virtual time on the simulator), cancelling the returned future cancels the
 * attempt in flight and every further one, and giving up completes it with the last attempt's own error.
 *
 * <p>Our own rather than Failsafe's ({@code dev.failsafe:failsafe} 3.3.2, evaluated): its async executor can run
 * on our scheduler through {@code with(ScheduledExecutorService)}, but it reads the system clock for the elapsed
 * time its maximum duration is checked against ({@code ExecutionImpl} asks {@code Instant} for {@code now()}) and draws jitter
 * from {@code Math.random()}, so neither a maximum duration in virtual time nor a jitter that repeats for a seed
 * would hold. What is left once those are ours is this loop.
 */
public final class Retrier {

    private final RetryPolicy policy;
    private final Scheduler scheduler;
    private final RandomGenerator random;

    Retrier(RetryPolicy policy, Scheduler scheduler, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.random = Objects.requireNonNull(random);
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** {@code attempt} until it succeeds or the policy gives up. */
    public <T> CompletableFuture<T> call(Supplier<? extends CompletionStage<T>> attempt) {
        return call("", attempt);
    }

    /** As {@link #call(Supplier)}, naming the operation in {@link RetryEvent}s ("Ec2 DescribeInstances"). */
    public <T> CompletableFuture<T> call(String operation, Supplier<? extends CompletionStage<T>> attempt) {
        Call<T> call = new Call<>(Objects.requireNonNull(operation), Objects.requireNonNull(attempt));
        call.start();
        return call.result;
    }

    private Duration delay(int retry, AwsError error) {
        synchronized (random) { // a RandomGenerator need not be thread-safe; retries are rare enough to share one
            return policy.delayBefore(retry, error, random);
        }
    }

    /** One call's attempts; its methods run one at a time (synchronized: attempts end on the SDK's threads). */
    private final class Call<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final String operation;
        final Supplier<? extends CompletionStage<T>> attempt;
        final Instant start = scheduler.now();
        int attempts;
        CompletableFuture<T> inFlight;
        Scheduler.Cancellable timer;

        Call(String operation, Supplier<? extends CompletionStage<T>> attempt) {
            this.operation = operation;
            this.attempt = attempt;
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) cancelled();
            });
        }

        synchronized void start() {
            timer = null;
            if (result.isDone()) return;
            attempts++;
            CompletableFuture<T> f;
            try {
                f = attempt.get().toCompletableFuture();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            inFlight = f;
            f.whenComplete(this::ended);
        }

        void ended(T value, Throwable error) {
            Runnable outcome = decide(value, error);
            if (outcome != null) outcome.run(); // outside the lock: completing runs the caller's continuations
        }

        /** What ends the call now, or null when a retry is scheduled (or the call already ended). */
        private synchronized Runnable decide(T value, Throwable error) {
            inFlight = null;
            if (result.isDone()) return null;
            if (error == null) return () -> result.complete(value);
            AwsError e = AwsError.of(error);
            if (attempts >= policy.maxAttempts() || !policy.retries(e)) return () -> result.completeExceptionally(e.exception());
            Duration delay = delay(attempts, e);
            var limit = policy.maxDuration();
            if (limit.isPresent()) {
                Duration left = limit.get().minus(Duration.between(start, scheduler.now()));
                if (left.isNegative() || left.isZero()) return () -> result.completeExceptionally(e.exception());
                if (delay.compareTo(left) > 0) delay = left;
            }
            try {
                policy.notify(new RetryEvent(operation, attempts, policy.maxAttempts() - 1, delay, e));
            } catch (RuntimeException hookFailed) {
                hookFailed.addSuppressed(e.exception());
                return () -> result.completeExceptionally(hookFailed);
            }
            timer = scheduler.schedule(delay, this::start);
            return null;
        }

        synchronized void cancelled() {
            if (timer != null) timer.cancel();
            if (inFlight != null) inFlight.cancel(true);
        }
    }
}

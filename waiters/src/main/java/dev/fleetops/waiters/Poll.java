package dev.fleetops.waiters;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

import dev.fleetops.retry.AwsError;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * The one polling loop of fleetops: runbook waits, handlers and first-ready all wait through it.
 * <ul>
 *   <li>the first poll runs at once, the next after the {@link Backoff} delay;</li>
 *   <li>a throttling answer slows polling down instead of failing, a transient one (5xx, a lost answer) is
 *       polled again after the usual delay: both classified by {@code AwsError} (docs/retries.md);</li>
 *   <li>the deadline is mandatory; a last poll is made at the deadline when the delay would overshoot it;</li>
 *   <li>{@link #cancel()} is real: once cancelled or finished, no further poll (API call) is made;</li>
 *   <li>{@link #poke()} (an event about a watched resource) polls again now instead of waiting out the delay.</li>
 * </ul>
 * Not thread-safe by design on the simulator (one thread); on real time, pokes and cancels from other threads are
 * serialised through the scheduler.
 */
public final class Poll<T> {

    private static final double MAX_PACE = 64;

    private final Scheduler scheduler;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Instant start;
    private final Instant deadline;
    private final Poller<T> poll;
    private final CompletableFuture<Outcome<T>> outcome = new CompletableFuture<>();

    private int polls;
    private int throttled;
    private boolean inFlight;
    private boolean pokedWhileInFlight;
    private boolean roundDueWhileInFlight;
    private volatile Scheduler.Cancellable timer;
    private boolean timerPending;
    private String lastSeen = "no answer yet";
    /** Multiplies every delay: doubled by each throttled answer, eased back by 10% per other answer. */
    private double pace = 1;

    /** Makes one poll: the API call(s) and the judgement of the answer. */
    @FunctionalInterface
    public interface Poller<T> {
        /**
         * @param n     the 1-based poll number
         * @param poked true when an event ({@link #poke()}) asked for this poll rather than the schedule: a poller
         *              watching many resources may then look only at the ones the events named
         */
        CompletionStage<Verdict<T>> poll(int n, boolean poked);
    }

    private Poll(Scheduler scheduler, Backoff backoff, RandomGenerator random, Duration timeout, Poller<T> poll) {
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.random = random;
        this.start = scheduler.now();
        this.deadline = start.plus(timeout);
        this.poll = poll;
    }

    /**
     * Starts polling.
     *
     * @param poll given the 1-based poll number, makes the API call(s) and judges the answer
     */
    public static <T> Poll<T> start(Scheduler scheduler, Backoff backoff, RandomGenerator random, Duration timeout,
                                    IntFunction<CompletionStage<Verdict<T>>> poll) {
        Objects.requireNonNull(poll, "poll");
        return start(scheduler, backoff, random, timeout, (Poller<T>) (n, poked) -> poll.apply(n));
    }

    /** As above, with a poller that is told whether an event asked for the poll ({@link Poller#poll}). */
    public static <T> Poll<T> start(Scheduler scheduler, Backoff backoff, RandomGenerator random, Duration timeout,
                                    Poller<T> poll) {
        Objects.requireNonNull(timeout, "a wait needs a deadline");
        if (timeout.isNegative()) throw new IllegalArgumentException("negative timeout");
        Poll<T> p = new Poll<>(scheduler, backoff, random, timeout, poll);
        p.timerPending = true;
        p.timer = scheduler.schedule(Duration.ZERO, p::scheduledRound);
        return p;
    }

    public CompletableFuture<Outcome<T>> outcome() {
        return outcome;
    }

    /** Number of polls started so far. */
    public int polls() {
        return polls;
    }

    /** Polls answered with throttling (each slowed the wait down). */
    public int throttled() {
        return throttled;
    }

    /** Stops the wait: the pending poll is cancelled and no further poll is made. */
    public void cancel() {
        finish(new Outcome.Cancelled<>(polls, elapsed()));
    }

    /**
     * Something changed (an event about a watched resource): poll now rather than after the delay. The scheduled
     * polls keep their times, so a stream of events never postpones them; pokes during a poll in flight collapse
     * into one poll right after it.
     */
    public void poke() {
        scheduler.schedule(Duration.ZERO, () -> {
            if (outcome.isDone()) return;
            if (inFlight) {
                pokedWhileInFlight = true;
                return;
            }
            pollNow(true);
        });
    }

    private void scheduledRound() {
        timerPending = false;
        if (outcome.isDone()) return;
        if (inFlight) {
            roundDueWhileInFlight = true;
            return;
        }
        pollNow(false);
    }

    private void pollNow(boolean poked) {
        if (outcome.isDone()) return;
        inFlight = true;
        pokedWhileInFlight = false;
        if (!poked) roundDueWhileInFlight = false;
        int n = ++polls;
        CompletionStage<Verdict<T>> stage;
        try {
            stage = poll.poll(n, poked);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((verdict, error) -> scheduler.schedule(Duration.ZERO, () -> judged(verdict, error)));
    }

    private void judged(Verdict<T> verdict, Throwable error) {
        inFlight = false;
        if (outcome.isDone()) return;
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            AwsError e = AwsError.of(cause);
            if (e.throttling()) {
                throttled++;
                lastSeen = "throttled (" + code(cause) + ")";
                next(true);
                return;
            }
            if (e.kind() == AwsError.Kind.TRANSIENT) { // a 5xx or a lost answer: the next poll may well get through
                lastSeen = "transient error (" + e.label() + ")";
                next(false);
                return;
            }
            finish(new Outcome.Failed<>(describe(cause), polls, elapsed()));
            return;
        }
        if (verdict instanceof Verdict.Success<T> s) {
            finish(new Outcome.Succeeded<>(s.value(), polls, elapsed()));
        } else if (verdict instanceof Verdict.Failure<T> f) {
            finish(new Outcome.Failed<>(f.message(), polls, elapsed()));
        } else {
            lastSeen = ((Verdict.Retry<T>) verdict).why();
            next(false);
        }
    }

    private void next(boolean slowDown) {
        Instant now = scheduler.now();
        if (!now.isBefore(deadline)) {
            finish(new Outcome.TimedOut<>(lastSeen, polls, elapsed()));
            return;
        }
        if (!slowDown && roundDueWhileInFlight) {
            pollNow(false);
            return;
        }
        if (!slowDown && pokedWhileInFlight) {
            pollNow(true);
            return;
        }
        if (!slowDown && timerPending) return; // an event's extra poll: the scheduled one stays on time
        if (timerPending) timer.cancel();
        roundDueWhileInFlight = false;
        pokedWhileInFlight = false;
        // Throttled: back off as if two more polls had failed and stretch every delay, so the bucket can refill
        // even under a fixed backoff; the stretch eases off again while answers come through.
        pace = slowDown ? Math.min(pace * 2, MAX_PACE) : Math.max(1, pace * 0.9);
        Duration d = backoff.delay(slowDown ? polls + 2 * throttled : polls, random);
        if (pace > 1) d = Duration.ofNanos((long) Math.min(d.toNanos() * pace, Long.MAX_VALUE / 2.0));
        Duration remaining = Duration.between(now, deadline);
        if (d.compareTo(remaining) >= 0) d = remaining; // one last poll at the deadline
        timerPending = true;
        timer = scheduler.schedule(d, this::scheduledRound);
    }

    private void finish(Outcome<T> o) {
        if (outcome.isDone()) return;
        if (timer != null) timer.cancel();
        timerPending = false;
        outcome.complete(o);
    }

    private Duration elapsed() {
        return Duration.between(start, scheduler.now());
    }

    /** Errors that are "poll again" rather than the end of the wait: throttling and transient (docs/retries.md). */
    static boolean pollAgain(Throwable t) {
        return AwsError.of(t).retryable();
    }

    static String code(Throwable t) {
        if (t instanceof AwsServiceException a && a.awsErrorDetails() != null) return a.awsErrorDetails().errorCode();
        return t.getClass().getSimpleName();
    }

    static String describe(Throwable t) {
        if (t instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return dev.fleetops.retry.AwsError.of(a).brief(); // never "null: null" for a 500 without a code
        }
        if (t instanceof SdkException) return t.getMessage();
        return String.valueOf(t.getMessage() == null ? t : t.getMessage());
    }
}

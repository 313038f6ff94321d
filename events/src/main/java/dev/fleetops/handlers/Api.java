package dev.fleetops.handlers;

import dev.fleetops.events.spi.Recorder;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Sends one API call and records it (service, operation, key parameters, error code) in the handler's record.
 * {@link #retrying} repeats calls AWS documents as retryable, such as DetachInstances' ResourceContention.
 */
public final class Api {

    private final Recorder recorder;
    private final Scheduler scheduler;

    public Api(Recorder recorder, Scheduler scheduler) {
        this.recorder = recorder;
        this.scheduler = scheduler;
    }

    public Recorder recorder() {
        return recorder;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** @param keyValues the call's key parameters: name, value, name, value... */
    public <T> CompletableFuture<T> call(String service, String operation, Supplier<? extends CompletionStage<T>> send,
                                         String... keyValues) {
        CompletableFuture<T> sent;
        try {
            sent = send.get().toCompletableFuture();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((v, e) -> {
            if (e == null) recorder.call(service, operation, keyValues);
            else recorder.failedCall(service, operation, AwsErrors.code(e), keyValues);
        });
    }

    /**
     * Like {@link #call}, retrying the given error codes with a doubling delay (from {@code firstDelay}) until
     * {@code giveUpAt}; the last error is returned when the next attempt would start after it.
     */
    public <T> CompletableFuture<T> retrying(String service, String operation, Set<String> retryCodes,
                                             Duration firstDelay, Instant giveUpAt,
                                             Supplier<? extends CompletionStage<T>> send, String... keyValues) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(service, operation, retryCodes, firstDelay, giveUpAt, send, keyValues, result);
        return result;
    }

    private <T> void attempt(String service, String operation, Set<String> retryCodes, Duration delay,
                             Instant giveUpAt, Supplier<? extends CompletionStage<T>> send, String[] keyValues,
                             CompletableFuture<T> result) {
        if (result.isDone()) return;
        call(service, operation, send, keyValues).whenComplete((v, e) -> {
            if (e == null) {
                result.complete(v);
            } else if (retryCodes.contains(AwsErrors.code(e)) && !scheduler.now().plus(delay).isAfter(giveUpAt)) {
                scheduler.schedule(delay, () -> attempt(service, operation, retryCodes, delay.multipliedBy(2),
                        giveUpAt, send, keyValues, result));
            } else {
                result.completeExceptionally(AwsErrors.unwrap(e));
            }
        });
    }
}

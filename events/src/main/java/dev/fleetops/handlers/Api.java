package dev.fleetops.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cloud.api.RequestMapper;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerJournal;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.json.Json;
import dev.fleetops.json.SdkJson;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.SdkPojo;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Sends one API call and records it (service, operation, key parameters, error code) in the handler's record.
 * {@link #retrying} repeats calls AWS documents as retryable, such as DetachInstances' ResourceContention.
 *
 * <p>The one place where a handler run's calls meet its journal ({@link HandlerJournal}): a call with an effect
 * (anything but Describe*, Get*, List*) is sent only once its intent is durable, and its result is written after
 * it. A call is known by its service, operation and key parameters; when a continued run makes a call whose
 * result the journal holds, the recorded response is handed back and nothing is sent. A call that acts in the
 * present ({@link #PRESENT_TENSE}: a heartbeat) is journaled but always sent.
 */
public final class Api {

    /** Calls whose effect is "now": a recorded one does not stand for the next one. */
    static final Set<String> PRESENT_TENSE = Set.of("RecordLifecycleActionHeartbeat");

    private final Recorder recorder;
    private final Scheduler scheduler;
    private final HandlerJournal journal;

    public Api(Recorder recorder, Scheduler scheduler) {
        this(recorder, scheduler, HandlerJournal.NONE);
    }

    public Api(Recorder recorder, Scheduler scheduler, HandlerJournal journal) {
        this.recorder = recorder;
        this.scheduler = scheduler;
        this.journal = journal;
    }

    /** The calls of the run {@code ctx} belongs to, journaled in its journal. */
    public static Api of(HandlerContext ctx) {
        return new Api(ctx.recorder(), ctx.scheduler(), ctx.journal());
    }

    public Recorder recorder() {
        return recorder;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public HandlerJournal journal() {
        return journal;
    }

    /** @param keyValues the call's key parameters: name, value, name, value... */
    public <T> CompletableFuture<T> call(String service, String operation, Supplier<? extends CompletionStage<T>> send,
                                         String... keyValues) {
        return attempt(service, operation, 1, send, keyValues);
    }

    /**
     * Like {@link #call}, retrying the given error codes with a doubling delay (from {@code firstDelay}) until
     * {@code giveUpAt}; the last error is returned when the next attempt would start after it.
     */
    public <T> CompletableFuture<T> retrying(String service, String operation, Set<String> retryCodes,
                                             Duration firstDelay, Instant giveUpAt,
                                             Supplier<? extends CompletionStage<T>> send, String... keyValues) {
        CompletableFuture<T> result = new CompletableFuture<>();
        retry(service, operation, retryCodes, firstDelay, giveUpAt, send, keyValues, 1, result);
        return result;
    }

    private <T> void retry(String service, String operation, Set<String> retryCodes, Duration delay,
                           Instant giveUpAt, Supplier<? extends CompletionStage<T>> send, String[] keyValues,
                           int attempt, CompletableFuture<T> result) {
        if (result.isDone()) return;
        attempt(service, operation, attempt, send, keyValues).whenComplete((v, e) -> {
            if (e == null) {
                result.complete(v);
            } else if (retryCodes.contains(AwsErrors.code(e)) && !scheduler.now().plus(delay).isAfter(giveUpAt)) {
                scheduler.schedule(delay, () -> retry(service, operation, retryCodes, delay.multipliedBy(2),
                        giveUpAt, send, keyValues, attempt + 1, result));
            } else {
                result.completeExceptionally(AwsErrors.unwrap(e));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<T> attempt(String service, String operation, int attempt,
                                             Supplier<? extends CompletionStage<T>> send, String[] keyValues) {
        if (readOnly(operation) || journal == HandlerJournal.NONE) return send(service, operation, send, keyValues);
        String step = step(service, operation, keyValues);
        CompletableFuture<Optional<JsonNode>> intent;
        try {
            intent = journal.before(step, attempt, service, operation, request(keyValues),
                    !PRESENT_TENSE.contains(operation)).toCompletableFuture();
        } catch (RuntimeException e) {
            intent = CompletableFuture.failedFuture(e);
        }
        return intent.handle((recorded, e) -> {
            if (e != null) {
                recorder.failedCall(service, operation, "JournalWriteFailed", keyValues);
                return CompletableFuture.<T>failedFuture(new IllegalStateException(service + ":" + operation
                        + " not sent: its intent could not be journaled (" + AwsErrors.message(e) + ")", AwsErrors.unwrap(e)));
            }
            if (recorded.isPresent()) {
                recorder.note(service + ":" + operation + " " + String.join(" ", keyValues)
                        + ": done before (the journal holds its result), not sent again");
                return CompletableFuture.completedFuture((T) rebuild(service, operation, recorded.get()));
            }
            return send(service, operation, send, keyValues).whenComplete((v, err) -> journal.after(step, attempt,
                    err == null ? Optional.of(v instanceof SdkPojo p ? SdkJson.toJson(p) : NullNode.getInstance()) : Optional.empty(),
                    err == null ? Optional.empty() : Optional.of(AwsErrors.code(err))));
        }).thenCompose(f -> f);
    }

    private <T> CompletableFuture<T> send(String service, String operation, Supplier<? extends CompletionStage<T>> send,
                                          String[] keyValues) {
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

    /** Reads repeat harmlessly (AWS API naming: Describe*, Get*, List*): they are not journaled. */
    static boolean readOnly(String operation) {
        return dev.fleetops.cloud.api.Operation.readOnly(operation);
    }

    /** A call's identity within its run: {@code service:Operation name=value ...}. */
    static String step(String service, String operation, String... keyValues) {
        StringBuilder b = new StringBuilder(service).append(':').append(operation);
        for (int i = 0; i + 1 < keyValues.length; i += 2) b.append(' ').append(keyValues[i]).append('=').append(keyValues[i + 1]);
        return b.toString();
    }

    private static ObjectNode request(String... keyValues) {
        ObjectNode o = Json.object();
        for (int i = 0; i + 1 < keyValues.length; i += 2) o.put(keyValues[i], keyValues[i + 1]);
        return o;
    }

    /** The recorded response as the SDK's response object (null for an operation the catalog does not know). */
    private static Object rebuild(String service, String operation, JsonNode response) {
        if (response.isNull() || ApiCatalog.standard().service(service).flatMap(s -> s.operation(operation)).isEmpty()) return null;
        return RequestMapper.response(ApiCatalog.standard().operation(service, operation), response);
    }
}

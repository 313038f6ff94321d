package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One API call through the context (recorded by the engine), bounded in time, its errors as step failures; a call
 * whose operation takes an idempotency token carries one derived from its journal token ({@link IdempotencyTokens}).
 */
final class Calls {

    /** aws:executeAwsApi's documented limit per call (UG automation-action-executeAwsApi), used by every action. */
    static final Duration PER_CALL = Duration.ofSeconds(25);

    private Calls() { }

    /**
     * Runs an attempt's body so that a failure while reading inputs also completes the stage exceptionally, as
     * the action contract asks, instead of throwing.
     */
    static <T> CompletionStage<T> attempt(java.util.function.Supplier<CompletionStage<T>> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Calls {@code service operation}; fails with {@link ActionFailure} (timed out when no answer came within
     * {@link #PER_CALL}).
     */
    static CompletionStage<JsonNode> call(ActionContext ctx, String service, String operation, JsonNode input) {
        return raw(ctx, service, operation, input).handle((v, e) -> {
            if (e != null) throw ApiErrors.failure(service, operation, e);
            return v;
        });
    }

    /** A call with no safe repeat that a run before the restart may have made already: the step record says so. */
    private static void noteUnsafeRepeat(ActionContext ctx, String service, String operation, JsonNode request) {
        Repeats.Answer repeat = Repeats.of(service, operation, request);
        if (repeat.kind() == Repeats.Kind.UNSAFE && ctx.nextCallToken().journaled().isPresent()) {
            ctx.note("resumed: " + service + " " + operation + " may have taken effect before the restart and is sent "
                    + "again (" + repeat.why() + ")");
        }
    }

    /** As {@link #call} but API errors stay the SDK's own (for callers that retry some of them). */
    static CompletableFuture<JsonNode> raw(ActionContext ctx, String service, String operation, JsonNode input) {
        return raw(ctx, service, operation, input, PER_CALL);
    }

    /** As {@link #raw(ActionContext, String, String, JsonNode)} with another limit (Lambda invocations: 300 s). */
    static CompletableFuture<JsonNode> raw(ActionContext ctx, String service, String operation, JsonNode input,
                                           Duration limit) {
        // The step's own deadline is the engine's to enforce (and a wait's last poll falls on it): only the
        // per-call limit is applied here.
        // the limit counts from when the call is sent, not while it waits for its intent (docs/recovery.md)
        CompletableFuture<JsonNode> out = new CompletableFuture<>();
        CompletionStage<JsonNode> stage;
        try {
            JsonNode request = IdempotencyTokens.add(ctx, service, operation, input);
            noteUnsafeRepeat(ctx, service, operation, request);
            stage = ctx.call(service, operation, request, limit);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, e) -> {
            if (e != null) out.completeExceptionally(ApiErrors.unwrap(e));
            else out.complete(v);
        });
        return out;
    }
}

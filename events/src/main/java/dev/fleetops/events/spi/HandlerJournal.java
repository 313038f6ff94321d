package dev.fleetops.events.spi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The journal of one handler run (an execution of kind {@code handler}, docs/handlers.md, "Journaled runs"), as
 * the handler's calls see it. {@code handlers.Api} is the one caller of {@link #before}/{@link #after}: an intent
 * is durable before a call with an effect is sent, its result is written after it, and a call whose result the
 * journal already holds (the run is being continued after a crash or by another replica) is not sent again.
 */
public interface HandlerJournal {

    /**
     * Before call {@code step} (its identity within the run), attempt {@code attempt}: completes with the response
     * recorded for it when {@code replay} and an earlier attempt of the same call succeeded (the call is then not
     * sent), or empty once the intent is durable. Fails when the intent could not be written (the call must not
     * be sent then).
     */
    CompletionStage<Optional<JsonNode>> before(String step, int attempt, String service, String operation,
                                               JsonNode request, boolean replay);

    /** After the call: its response (success) or its error code (failure). Not awaited. */
    void after(String step, int attempt, Optional<JsonNode> response, Optional<String> error);

    /**
     * A decision the run takes once (e.g. the desired capacity to set, computed from the group's current one): the
     * value recorded for {@code step} when the run is continued, else {@code decide}'s, recorded (durably) before
     * it is handed back. Deciding again on a continued run would act on a state the first decision changed.
     */
    CompletionStage<JsonNode> once(String step, Supplier<? extends CompletionStage<JsonNode>> decide);

    /** The run's execution id, when it is journaled: the parent of the runbooks it starts. */
    Optional<String> executionId();

    /** The id of the {@code n}th runbook (1-based) this run starts, when it is journaled. */
    Optional<String> childId(int n);

    /**
     * What the {@code n}th runbook's call tokens derive from: the child id of the first attempt at this event's
     * handling, so a new attempt's calls carry the tokens the first one journaled. Default: {@link #childId}.
     */
    default Optional<String> tokenScope(int n) {
        return childId(n);
    }

    /** No journal: calls go out at once, decisions are taken each time. */
    HandlerJournal NONE = new HandlerJournal() {
        @Override
        public CompletionStage<Optional<JsonNode>> before(String step, int attempt, String service, String operation,
                                                          JsonNode request, boolean replay) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public void after(String step, int attempt, Optional<JsonNode> response, Optional<String> error) { }

        @Override
        public CompletionStage<JsonNode> once(String step, Supplier<? extends CompletionStage<JsonNode>> decide) {
            return decide.get();
        }

        @Override
        public Optional<String> executionId() {
            return Optional.empty();
        }

        @Override
        public Optional<String> childId(int n) {
            return Optional.empty();
        }
    };
}

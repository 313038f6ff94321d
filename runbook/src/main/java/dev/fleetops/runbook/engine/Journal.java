package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The facts a write-ahead journal needs to resume an execution elsewhere without repeating a call that may have
 * happened: that it started, what a step attempt is about to do, how each step ended, and how the run ended. The
 * store keeps the full records; this is the narrow, ordered part. {@link #aboutToCall} runs on the thread making
 * the call, before it is made, and the call waits for its stage (the intent is durable first); the others on the
 * scheduler's thread, never waiting.
 */
interface Journal {

    Journal NONE = new Journal() {
        @Override
        public CompletionStage<Void> aboutToCall(String executionId, String step, int attempt, String operation,
                                                 String token, JsonNode request) {
            return DONE;
        }

        @Override
        public void stepEnded(String executionId, String step, StepRecord result) { }
    };

    CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /** Execution {@code executionId} began running {@code document} (a child: under {@code parentId}). */
    default void started(String executionId, String document, Optional<String> contentHash,
                         Map<String, List<String>> parameters, Optional<String> parentId) { }

    /** Attempt {@code attempt} of step {@code step} began; it must end by {@code deadline}. */
    default void attemptStarted(String executionId, String step, int attempt, java.time.Instant deadline) { }

    /**
     * Step {@code step} attempt {@code attempt} is about to call {@code operation} ("ec2:RebootInstances") as
     * {@code token} with {@code request}; the call is sent once the stage completes, and not at all if it fails
     * (the attempt fails with its error).
     */
    CompletionStage<Void> aboutToCall(String executionId, String step, int attempt, String operation, String token,
                                      JsonNode request);

    /** Step {@code step} ended with {@code result}. */
    void stepEnded(String executionId, String step, StepRecord result);

    /** The execution is terminal. */
    default void ended(ExecutionRecord record) { }
}

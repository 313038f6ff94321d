package dev.fleetops.runbook.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.time.Scheduler;
import dev.fleetops.waiters.Backoff;

import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * What an action sees while it runs one attempt of a step. Implemented by the engine; actions depend on nothing
 * else of it.
 */
public interface ActionContext {

    String executionId();

    String stepName();

    /** The step's inputs after interpolation (a whole-value {@code "{{ X }}"} keeps X's native type). */
    ObjectNode inputs();

    Cloud cloud();

    Scheduler scheduler();

    /** True on the simulated region. */
    boolean simulated();

    /** When this attempt must end (the step's timeoutSeconds); actions that wait stop at it. */
    Instant deadline();

    /** Completes when the execution is cancelled (Ctrl-C, a cancel signal): stop work, make no further calls. */
    CompletionStage<Void> cancelled();

    /**
     * Calls an API by service and operation name (the generic invoker), recorded in the step record with its key
     * parameters. Completes exceptionally with the SDK's own exception for API errors.
     */
    CompletionStage<JsonNode> call(String service, String operation, JsonNode input);

    /**
     * As {@link #call(String, String, JsonNode)}, failing with a timed-out {@link ActionFailure} when no answer came
     * within {@code limit} of the call being sent: the time it waits for its write-ahead intent is not counted
     * (docs/recovery.md, "Timeouts and the journal"). This default, for contexts without a journal, counts from now.
     */
    default CompletionStage<JsonNode> call(String service, String operation, JsonNode input, java.time.Duration limit) {
        return ActionFailure.within(scheduler(), limit, service + " " + operation, call(service, operation, input));
    }

    /**
     * How wait actions poll (by default immediate, then 2 s growing x1.5 to 30 s, +/-20%); waits go
     * through {@link dev.fleetops.waiters.Poll} with this backoff and {@link #random()}.
     */
    Backoff pollBackoff();

    /**
     * How a wait polling {@code service operation} polls: a read the engine shares among executions (one call per
     * tick answers every wait on it, docs/waiters.md "Shared reads") is polled every tick, since polling it often
     * costs no more calls; any other read as {@link #pollBackoff()}.
     */
    default Backoff pollBackoff(String service, String operation) {
        return pollBackoff();
    }

    /**
     * The token of this attempt's next {@link #call}, the one its intent is journaled with, for the calls that
     * must not act twice when a recovered run repeats them (docs/recovery.md, "Repeated calls").
     */
    CallToken nextCallToken();

    /** The execution's random source (seeded on the simulator, so runs repeat). */
    RandomGenerator random();

    /** A fact for the step record. */
    void note(String text);

    /** Live progress for the terminal (not recorded). */
    void progress(String text);
}

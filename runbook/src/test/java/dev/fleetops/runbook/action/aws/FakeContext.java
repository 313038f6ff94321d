package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cloud.api.ApiInvoker;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.CallToken;
import dev.fleetops.time.Scheduler;
import dev.fleetops.waiters.Backoff;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * The engine's side of one step attempt, as small as the actions need: calls go to the real {@link ApiInvoker}
 * over the given cloud and are recorded as "service Operation", with notes and progress kept for assertions.
 */
final class FakeContext implements ActionContext {

    private static final ApiInvoker INVOKER = new ApiInvoker(ApiCatalog.standard());

    private final Cloud cloud;
    private final ObjectNode inputs;
    private final Instant deadline;
    private final boolean simulated;
    final List<String> calls = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<String> progress = new ArrayList<>();
    final CompletableFuture<Void> cancelled = new CompletableFuture<>();

    FakeContext(Cloud cloud, ObjectNode inputs, Duration timeout, boolean simulated) {
        this.cloud = cloud;
        this.inputs = inputs;
        this.deadline = cloud.scheduler().now().plus(timeout);
        this.simulated = simulated;
    }

    long calls(String serviceOperation) {
        return calls.stream().filter(serviceOperation::equals).count();
    }

    @Override public String executionId() { return "00000000-0000-4000-8000-000000000001"; }

    @Override public String stepName() { return "Step"; }

    @Override public ObjectNode inputs() { return inputs; }

    @Override public Cloud cloud() { return cloud; }

    @Override public Scheduler scheduler() { return cloud.scheduler(); }

    @Override public boolean simulated() { return simulated; }

    @Override public Instant deadline() { return deadline; }

    @Override public CompletionStage<Void> cancelled() { return cancelled; }

    /** Requests as sent, in order. */
    final List<JsonNode> requests = new ArrayList<>();
    /** Call tokens a run "before the restart" journaled intents for, with when. */
    final java.util.Map<String, Instant> journaled = new java.util.HashMap<>();

    @Override
    public CallToken nextCallToken() {
        String token = executionId() + ":" + stepName() + ":1:" + (calls.size() + 1);
        return new CallToken(token, 1, java.util.Optional.ofNullable(journaled.get(token)));
    }

    @Override
    public CompletionStage<JsonNode> call(String service, String operation, JsonNode input) {
        calls.add(service + " " + operation);
        requests.add(input);
        return INVOKER.invoke(cloud, service, operation, input);
    }

    @Override public Backoff pollBackoff() { return Backoff.runbookDefault(); }

    private final RandomGenerator random = new Random(7);

    @Override public RandomGenerator random() { return random; }

    @Override public void note(String text) { notes.add(text); }

    @Override public void progress(String text) { progress.add(text); }
}

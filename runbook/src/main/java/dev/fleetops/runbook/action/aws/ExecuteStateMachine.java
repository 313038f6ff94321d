package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.RunTarget;
import dev.fleetops.waiters.Verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING;

/**
 * {@code aws:executeStateMachine} (AWS Systems Manager User Guide: "aws:executeStateMachine – Run an AWS Step
 * Functions state machine"): StartExecution with the step's inputs, then DescribeExecution until the execution
 * leaves RUNNING; SUCCEEDED is the step's success, FAILED, TIMED_OUT and ABORTED fail it with the execution's error
 * and cause. When the attempt ends first (the step timed out, the run was cancelled), StopExecution is sent (the
 * action's documented permissions include it). Without
 * a {@code name} the execution is named from the call's journal token ({@link Repeats}), so a recovered run follows
 * the execution it started instead of starting another. AWS only.
 */
final class ExecuteStateMachine implements Action {

    static final ActionDefinition DEFINITION = automation("aws:executeStateMachine").required("stateMachineArn")
            .optional("name", "input", "traceHeader")
            .output("executionArn", STRING).output("input", STRING).output("name", STRING).output("output", STRING)
            .output("startDate", STRING).output("stateMachineArn", STRING).output("status", STRING).output("stopDate", STRING)
            .notOn(RunTarget.SIMULATOR, "the simulator does not model Step Functions")
            .permissions("states:StartExecution", "states:DescribeExecution", "states:StopExecution")
            .runs(ExecuteStateMachine::new).build();

    private static final String SERVICE = "stepfunctions";
    private static final List<String> FAILED = List.of("FAILED", "TIMED_OUT", "ABORTED");

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        Inputs in = new Inputs(name(), ctx.inputs());
        String machine = in.string("stateMachineArn");
        ObjectNode start = JsonNodeFactory.instance.objectNode().put("stateMachineArn", machine);
        in.optString("input").ifPresent(v -> start.put("input", v));
        in.optString("traceHeader").ifPresent(v -> start.put("traceHeader", v));
        in.optString("name").ifPresent(v -> start.put("name", v));
        JsonNode request = IdempotencyTokens.add(ctx, SERVICE, "StartExecution", start); // the name, if none is given
        String name = request.path("name").asText();
        return Calls.raw(ctx, SERVICE, "StartExecution", request)
                .exceptionallyCompose(e -> alreadyStarted(e, machine, name))
                .thenCompose(started -> follow(ctx, started.path("executionArn").asText()));
    }

    /** An execution of that name that has ended (a repeat after it finished): follow it rather than fail. */
    private static CompletionStage<JsonNode> alreadyStarted(Throwable e, String machine, String name) {
        Throwable t = ApiErrors.unwrap(e);
        if (!ApiErrors.code(t).equals("ExecutionAlreadyExists") || !machine.contains(":stateMachine:")) {
            return CompletableFuture.failedFuture(t instanceof ActionFailure ? t : ApiErrors.failure(SERVICE, "StartExecution", t));
        }
        String arn = machine.replace(":stateMachine:", ":execution:") + ":" + name;
        return CompletableFuture.completedFuture(JsonNodeFactory.instance.objectNode().put("executionArn", arn));
    }

    private CompletionStage<ActionResult> follow(ActionContext ctx, String executionArn) {
        ObjectNode describe = JsonNodeFactory.instance.objectNode().put("executionArn", executionArn);
        AtomicBoolean ended = new AtomicBoolean();
        // The attempt is over before the execution (the step timed out, or the run was cancelled): stop it rather
        // than leave it running unobserved
        ctx.cancelled().thenRun(() -> {
            if (ended.compareAndSet(false, true)) Calls.raw(ctx, SERVICE, "StopExecution", describe);
        });
        return Waiting.until(ctx, "execution " + executionArn + " to end", poll ->
                Calls.raw(ctx, SERVICE, "DescribeExecution", describe).thenApply(r -> {
                    String status = r.path("status").asText("");
                    if (status.equals("SUCCEEDED")) {
                        ended.set(true);
                        return Verdict.success(r);
                    }
                    if (FAILED.contains(status)) {
                        ended.set(true);
                        return Verdict.<JsonNode>failure("execution " + executionArn + " is " + status
                                + r.path("error").asText("").transform(x -> x.isEmpty() ? "" : ": " + x)
                                + r.path("cause").asText("").transform(x -> x.isEmpty() ? "" : " (" + x + ")"));
                    }
                    return Verdict.<JsonNode>retry("execution " + (status.isEmpty() ? "not described yet" : status));
                })).thenApply(ExecuteStateMachine::result);
    }

    private static ActionResult result(JsonNode execution) {
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        for (String member : List.of("executionArn", "input", "name", "output", "startDate", "stateMachineArn", "status", "stopDate")) {
            outputs.put(member, TextNode.valueOf(execution.path(member).asText("")));
        }
        outputs.put(ActionResult.RESPONSE, execution);
        return ActionResult.of(outputs);
    }
}

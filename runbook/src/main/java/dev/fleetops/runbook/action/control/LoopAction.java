package dev.fleetops.runbook.action.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fleetops.execution.Status;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.RawInputs;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.source.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * aws:loop (AWS Systems Manager User Guide: aws:loop): "for each" over {@code Iterators} (typed by IteratorDataType) or "do while"
 * {@code LoopCondition} (evaluated after each pass), at most MaxIterations passes (default 100, at most 100). A
 * step of the body that jumps outside ends the loop Exited and the run goes on at that step.
 */
public final class LoopAction implements ControlAction, RawInputs {

    static final int MAX_ITERATIONS = 100;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    @Override
    public String name() {
        return "aws:loop";
    }

    @Override
    public Set<String> rawInputs() {
        return Set.of("Steps", "LoopCondition");
    }

    @Override
    public CompletionStage<ActionResult> execute(ControlContext context) {
        JsonNode maxNode = context.inputs().get("MaxIterations");
        int max = maxNode == null ? MAX_ITERATIONS : maxNode.asInt(-1);
        if (max < 1 || max > MAX_ITERATIONS) throw invalid("MaxIterations must be from 1 to " + MAX_ITERATIONS + ", got " + maxNode);
        JsonNode iterators = context.inputs().get("Iterators");
        Optional<Node> condition = context.step().inputs().get("LoopCondition");
        if ((iterators == null) == condition.isEmpty()) throw invalid("give exactly one of Iterators and LoopCondition");
        if (iterators != null) {
            List<JsonNode> values = values(iterators, context.inputs().path("IteratorDataType").asText("String"));
            if (values.size() > MAX_ITERATIONS) throw invalid("at most " + MAX_ITERATIONS + " Iterators, got " + values.size());
            if (values.size() > max) context.note("MaxIterations " + max + " stops the loop before the last of " + values.size() + " iterators");
            return forEach(context, values, 1, Math.min(max, values.size()));
        }
        return doWhile(context, condition.get(), 1, max);
    }

    private CompletionStage<ActionResult> forEach(ControlContext c, List<JsonNode> values, int iteration, int last) {
        if (iteration > last) return CompletableFuture.completedFuture(ActionResult.empty());
        return c.runBody(iteration, values.get(iteration - 1)).thenCompose(outcome -> {
            Optional<CompletionStage<ActionResult>> ended = ended(outcome);
            return ended.orElseGet(() -> forEach(c, values, iteration + 1, last));
        });
    }

    private CompletionStage<ActionResult> doWhile(ControlContext c, Node condition, int iteration, int max) {
        return c.runBody(iteration, null).thenCompose(outcome -> {
            Optional<CompletionStage<ActionResult>> ended = ended(outcome);
            if (ended.isPresent()) return ended.get();
            boolean again = Conditions.test(c.evaluate(condition), c);
            if (!again) return CompletableFuture.completedFuture(ActionResult.empty());
            if (iteration >= max) {
                c.note("MaxIterations " + max + " reached while LoopCondition still holds");
                return CompletableFuture.completedFuture(ActionResult.empty());
            }
            return doWhile(c, condition, iteration + 1, max);
        });
    }

    /** The loop's result when a pass did not simply complete. */
    private static Optional<CompletionStage<ActionResult>> ended(BodyOutcome outcome) {
        if (outcome instanceof BodyOutcome.Exited x) {
            return Optional.of(CompletableFuture.completedFuture(new ActionResult(Map.of(), Optional.of(x.target()),
                    List.of("exited the loop to " + x.target()))));
        }
        if (outcome instanceof BodyOutcome.Failed f) {
            return Optional.of(CompletableFuture.failedFuture(new ActionFailure(ActionFailure.Type.Action, f.message(),
                    f.status() == Status.TimedOut)));
        }
        if (outcome instanceof BodyOutcome.Cancelled) {
            return Optional.of(CompletableFuture.failedFuture(new ActionFailure(ActionFailure.Type.Action, "cancelled")));
        }
        return Optional.empty();
    }

    private static List<JsonNode> values(JsonNode iterators, String type) {
        List<JsonNode> out = new ArrayList<>();
        List<JsonNode> items = new ArrayList<>();
        if (iterators.isArray()) iterators.forEach(items::add);
        else items.add(iterators);
        for (JsonNode i : items) {
            String t = i.isTextual() ? i.textValue().trim() : i.toString();
            switch (type) {
                case "String" -> out.add(i.isTextual() ? i : F.textNode(t));
                case "Integer" -> {
                    if (i.isIntegralNumber()) out.add(i);
                    else if (t.matches("-?\\d+")) out.add(F.numberNode(Long.parseLong(t)));
                    else throw invalid("iterator " + t + " is not an Integer");
                }
                case "Boolean" -> {
                    if (i.isBoolean()) out.add(i);
                    else if (t.equals("true") || t.equals("false")) out.add(F.booleanNode(Boolean.parseBoolean(t)));
                    else throw invalid("iterator " + t + " is not a Boolean");
                }
                case "StringMap" -> {
                    if (i.isObject()) out.add(i);
                    else {
                        try {
                            JsonNode m = Json.parse(t);
                            if (!m.isObject()) throw invalid("iterator " + t + " is not a StringMap");
                            out.add(m);
                        } catch (JsonProcessingException e) {
                            throw invalid("iterator " + t + " is not a StringMap (JSON object)");
                        }
                    }
                }
                default -> throw invalid("IteratorDataType must be Boolean, Integer, String or StringMap, got " + type);
            }
        }
        return out;
    }

    private static ActionFailure invalid(String message) {
        return new ActionFailure(ActionFailure.Type.Verification, message);
    }
}

package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.document.Parameter;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.source.Node;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the flow-control actions (aws:loop, aws:approve, aws:updateVariable...) need of the engine beyond the
 * action contract. Every context the engine gives an action implements it; AWS-facing actions never need it.
 */
public interface ControlContext extends ActionContext {

    /** The step as written (for inputs the action evaluates itself, see {@link RawInputs}). */
    Step step();

    /** Interpolates part of the step now, with the current parameters, outputs, variables and loop values. */
    JsonNode evaluate(Node raw);

    /** Runs the loop step's {@code Steps} once with CurrentIteration = {@code iteration} (1-based). */
    CompletionStage<BodyOutcome> runBody(int iteration, JsonNode iteratorValue);

    /** Waits for people (the step is Waiting meanwhile); stopped by the step's timeout or a cancel. */
    CompletionStage<Decision> decide(DecisionRequest request);

    /** A runbook variable's definition (section 8 decision 1: the shape of a parameter). */
    Optional<Parameter> variable(String name);

    /** A warning for the step record (a branch operand that is not a number, D6). */
    default void warn(String text) {
        note("warning: " + text);
    }
}

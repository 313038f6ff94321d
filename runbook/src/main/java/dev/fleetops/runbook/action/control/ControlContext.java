package dev.fleetops.runbook.action.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.document.Parameter;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.source.Node;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the flow-control actions ({@link ControlAction}: aws:branch, aws:loop, aws:executeAutomation, aws:approve,
 * aws:pause, aws:updateVariable) need of the engine beyond the action contract. The engine implements it; the
 * actions that only call AWS never see it.
 */
public interface ControlContext extends ActionContext {

    /** The step as written (for inputs the action evaluates itself, see {@link dev.fleetops.runbook.action.RawInputs}). */
    Step step();

    /** Interpolates part of the step now, with the current parameters, outputs, variables and loop values. */
    JsonNode evaluate(Node raw);

    /** Runs the loop step's {@code Steps} once with CurrentIteration = {@code iteration} (1-based). */
    CompletionStage<BodyOutcome> runBody(int iteration, JsonNode iteratorValue);

    /** Waits for people (the step is Waiting meanwhile); stopped by the step's timeout or a cancel. */
    CompletionStage<Decision> decide(DecisionRequest request);

    /** Runs a child document (aws:executeAutomation) by name with runtime parameters; completes with its record. */
    CompletionStage<ExecutionRecord> runChild(String documentName, Map<String, List<String>> parameters);

    /** Runbook variables, by name (read and written by aws:updateVariable). */
    Map<String, JsonNode> variables();

    /**
     * A runbook variable's definition: variables are declared like parameters (type, default), and aws:updateVariable
     * checks a new value against that type (AWS Systems Manager User Guide: aws:updateVariable).
     */
    Optional<Parameter> variable(String name);

    /** A warning for the step record (a branch operand that is not a number makes the choice false). */
    default void warn(String text) {
        note("warning: " + text);
    }
}

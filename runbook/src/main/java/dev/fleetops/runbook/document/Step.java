package dev.fleetops.runbook.document;

import dev.fleetops.source.MapNode;
import dev.fleetops.source.ScalarNode;

import java.util.List;
import java.util.Optional;

/**
 * One step of {@code mainSteps} (or of an {@code aws:loop}'s {@code Steps}), with the properties shared by all
 * actions (AWS Systems Manager User Guide: "Automation runbook properties") resolved to their defaults. {@code inputs} stays a located tree: it is
 * interpolated when the step runs. {@code steps} holds an {@code aws:loop}'s nested steps (empty otherwise);
 * {@code precondition} is a Command step's {@code StringEquals} operands.
 */
public record Step(
        String name,
        String action,
        Optional<String> description,
        MapNode inputs,
        int maxAttempts,
        Optional<Integer> timeoutSeconds,
        Transition onFailure,
        Transition onCancel,
        boolean isEnd,
        Optional<String> nextStep,
        boolean isCritical,
        List<StepOutput> outputs,
        List<Step> steps,
        Optional<List<String>> precondition,
        MapNode node) {

    public Step {
        outputs = List.copyOf(outputs);
        steps = List.copyOf(steps);
    }

    public boolean isLoop() {
        return action.equals("aws:loop");
    }

    public boolean hasInput(String input) {
        return inputs.get(input).isPresent();
    }

    /** An input's value when it is written out in the document (empty when absent or interpolated at run time). */
    public Optional<String> literalInput(String input) {
        if (!(inputs.get(input).orElse(null) instanceof ScalarNode sc) || sc.value() == null) return Optional.empty();
        return References.hasReference(sc.value()) ? Optional.empty() : Optional.of(sc.value());
    }
}

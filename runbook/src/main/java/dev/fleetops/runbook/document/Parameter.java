package dev.fleetops.runbook.document;

import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;

import java.util.List;
import java.util.Optional;

/**
 * A parameter (or runbook variable) definition (AWS Systems Manager User Guide: "Data elements and parameters"). {@code declaredType} is the text as written
 * ({@code AWS::EC2::Instance::Id}); {@code type} its value type. Limits are absent when not declared.
 */
public record Parameter(
        String name,
        String declaredType,
        ParameterType type,
        Optional<String> description,
        Optional<Node> defaultValue,
        List<String> allowedValues,
        Optional<String> allowedPattern,
        Optional<String> displayType,
        Optional<Integer> minItems,
        Optional<Integer> maxItems,
        Optional<Integer> minChars,
        Optional<Integer> maxChars,
        Optional<String> interpolationType,
        MapNode node) {

    public Parameter {
        allowedValues = List.copyOf(allowedValues);
    }

    /** Without a default a parameter must be given at run time. */
    public boolean required() {
        return defaultValue.isEmpty();
    }
}

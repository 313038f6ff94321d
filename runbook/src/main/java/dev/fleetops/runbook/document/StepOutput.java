package dev.fleetops.runbook.document;

import dev.fleetops.source.MapNode;

/** A user-defined step output {@code {Name, Selector, Type}} (UG automation-action-outputs-inputs). */
public record StepOutput(String name, String selector, ParameterType type, MapNode node) { }

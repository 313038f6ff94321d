package dev.fleetops.runbook.document;

/** A check of one action's inputs beyond their names (branch choices, loop settings...), run by the validator. */
@FunctionalInterface
public interface InputCheck {

    void check(StepFindings step);
}

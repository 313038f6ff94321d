package dev.fleetops.runbook.action;

import java.util.Set;

/**
 * An action some of whose inputs the engine must not interpolate before the step runs, because they refer to
 * values that only exist later (aws:loop's {@code Steps} use CurrentIteratorValue; its {@code LoopCondition} reads
 * outputs of the body). The action evaluates them itself through the control context's {@code evaluate}.
 */
public interface RawInputs {

    Set<String> rawInputs();
}

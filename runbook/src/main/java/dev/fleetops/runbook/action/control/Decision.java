package dev.fleetops.runbook.action.control;

import java.util.List;

/** How a wait for people ended: approved (or resumed) or rejected, with the signals that decided it. */
public record Decision(boolean approved, List<Signal> signals) {

    public Decision {
        signals = List.copyOf(signals);
    }
}

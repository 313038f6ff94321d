package dev.fleetops.journal;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an execution is: its {@link Entry.Started} says so, and so does the list of open executions. */
public enum ExecutionKind {
    RUNBOOK("runbook"), HANDLER("handler"), WINDOW("window"), FIRST_READY("first-ready"), EVENT("event");

    private final String label;

    ExecutionKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }
}

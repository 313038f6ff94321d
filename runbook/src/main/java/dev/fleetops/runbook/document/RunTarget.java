package dev.fleetops.runbook.document;

/** Where a document would run: it decides which actions are runnable (the simulator models fewer). */
public enum RunTarget {
    SIMULATOR("the simulator"), AWS("AWS");

    private final String label;

    RunTarget(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

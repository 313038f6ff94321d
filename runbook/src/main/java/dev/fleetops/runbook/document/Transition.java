package dev.fleetops.runbook.document;

/** Where a run goes when a step fails ({@code onFailure}) or is cancelled ({@code onCancel}). */
public sealed interface Transition {

    /** Stop the run (the default). */
    record Abort() implements Transition { }

    /** Carry on with the step's {@code nextStep} or the next one in the list (onFailure only). */
    record Continue() implements Transition { }

    /** Jump to step {@code step} ({@code step:NAME}). */
    record GoTo(String step) implements Transition { }

    Transition ABORT = new Abort();
    Transition CONTINUE = new Continue();
}

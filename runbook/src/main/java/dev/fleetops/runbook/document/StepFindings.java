package dev.fleetops.runbook.document;

import dev.fleetops.source.Node;

/** What an {@link InputCheck} sees: the step, its document, and where it reports errors and warnings. */
public final class StepFindings {

    private final Document document;
    private final Step step;
    private final Problems problems;

    StepFindings(Document document, Step step, Problems problems) {
        this.document = document;
        this.step = step;
        this.problems = problems;
    }

    public Step step() {
        return step;
    }

    public Document document() {
        return document;
    }

    /** An error at {@code node}: the document is invalid. */
    public void error(Node node, String message) {
        problems.at(node, step.name(), message);
    }

    /** Accepted by AWS when the document is created, but fails (or is ignored) when the step runs. */
    public void warn(Node node, String message) {
        problems.warn(node, step.name(), message);
    }

    Problems problems() {
        return problems;
    }
}

package dev.fleetops.runbook.engine;

import java.util.List;

/**
 * A document that cannot start: invalid, not runnable here, or given bad parameters. Nothing ran. {@code problems}
 * are complete sentences naming the file, step, field or parameter; the CLI prints them and exits 2.
 */
public final class StartRefused extends RuntimeException {

    public enum Reason { INVALID, NOT_RUNNABLE, PARAMETERS, NOT_FOUND }

    private final Reason reason;
    private final List<String> problems;

    public StartRefused(Reason reason, String document, List<String> problems) {
        super(document + ": " + headline(reason) + ":\n  " + String.join("\n  ", problems), null, false, false);
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    private static String headline(Reason reason) {
        return switch (reason) {
            case INVALID -> "the document is invalid";
            case NOT_RUNNABLE -> "the document cannot run here";
            case PARAMETERS -> "bad parameters";
            case NOT_FOUND -> "no such document";
        };
    }

    public Reason reason() {
        return reason;
    }

    public List<String> problems() {
        return problems;
    }
}

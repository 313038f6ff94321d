package dev.fleetops.runbook.jsonpath;

/** A selector that does not parse, or a selected value that does not convert to the declared output type. */
public final class JsonPathException extends RuntimeException {

    public JsonPathException(String message) {
        super(message, null, false, false);
    }
}

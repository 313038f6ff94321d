package dev.fleetops.cli.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;

import java.util.regex.Pattern;

/**
 * An API answer other than 200, named as SSM's JSON protocol names its errors: the body is
 * {@code {"__type": TYPE, "message": ...}} (AWS JSON 1.1 error shape). Thrown by the views, answered by {@link UiHttp}.
 */
final class ApiError extends RuntimeException {

    /**
     * What an execution id may be: SSM's own are UUIDs; the store's ids are file names, so a path character
     * ('/', '\', "..") or anything outside this set is refused before the store sees it.
     */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    final int status;
    final String type;

    private ApiError(int status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }

    /** 400: the request is malformed (a parameter, the body). */
    static ApiError validation(String message) {
        return new ApiError(400, "ValidationException", message);
    }

    /** 400: a SignalType the page cannot send. */
    static ApiError invalidSignal(String message) {
        return new ApiError(400, "InvalidAutomationSignalException", message);
    }

    /** 409: a well-formed signal that does not apply to the execution now (ended, or waiting for nothing). */
    static ApiError signalDoesNotApply(String message) {
        return new ApiError(409, "InvalidAutomationSignalException", message);
    }

    /** 404: no execution with this id in the store. */
    static ApiError noExecution(String id) {
        return new ApiError(404, "AutomationExecutionNotFoundException", "no execution " + id + " in the store");
    }

    /** 404: no such view or operation under /ui/api/. */
    static ApiError unknownOperation(String message) {
        return new ApiError(404, "UnknownOperationException", message);
    }

    /** 405: a method the route does not take. */
    static ApiError methodNotAllowed(String message) {
        return new ApiError(405, "UnknownOperationException", message);
    }

    /** {@code id} when it can be an execution id, else a 400 naming what is expected. */
    static String executionId(String id) {
        if (!ID.matcher(id).matches() || id.contains("..")) {
            throw validation("AutomationExecutionId must be 1-128 letters, digits, '-', '_', '.', ':' (no path), got '"
                    + printable(id) + "'");
        }
        return id;
    }

    String body() {
        ObjectNode o = Json.object().put("__type", type).put("message", getMessage());
        return Json.compact(o);
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}

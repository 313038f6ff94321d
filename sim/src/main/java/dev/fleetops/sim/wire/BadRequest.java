package dev.fleetops.sim.wire;

/**
 * A request the server refuses before it reaches the simulator (unknown action, a member that does not parse):
 * answered in the protocol's own error shape with {@code code}, never as a 500.
 */
final class BadRequest extends RuntimeException {

    private final String code;
    private final int status;

    BadRequest(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    BadRequest(String code, String message) {
        this(code, 400, message);
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }
}

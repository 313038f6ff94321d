package dev.fleetops.windows;

/** A schedule expression AWS would refuse; the window reader puts it at the Schedule field's location. */
final class ScheduleError extends RuntimeException {
    public ScheduleError(String message) {
        super(message, null, false, false);
    }
}

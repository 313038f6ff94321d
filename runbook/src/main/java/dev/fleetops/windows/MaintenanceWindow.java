package dev.fleetops.windows;

import dev.fleetops.runbook.rate.Targets;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A maintenance window as a window file describes it, with CreateMaintenanceWindow's fields (AWS Systems
 * Manager API Reference: CreateMaintenanceWindow), its targets (RegisterTargetWithMaintenanceWindow) and tasks.
 *
 * @param targets each entry resolved on its own; the window's targets are their union, in order
 */
public record MaintenanceWindow(String name, Optional<String> description, Schedule schedule, ZoneId zone,
                                int offsetDays, Optional<Instant> startDate, Optional<Instant> endDate,
                                int durationHours, int cutoffHours, List<Targets> targets, List<WindowTask> tasks,
                                String file) {

    public MaintenanceWindow {
        targets = List.copyOf(targets);
        tasks = List.copyOf(tasks);
    }

    public Duration duration() {
        return Duration.ofHours(durationHours);
    }

    /** No task starts after start + Duration - Cutoff. */
    public Duration lastTaskStart() {
        return Duration.ofHours(durationHours - cutoffHours);
    }

    /** The window's occurrences for a window created at {@code anchor}. */
    public Occurrences occurrences(Instant anchor) {
        return new Occurrences(schedule, zone, offsetDays, startDate, endDate, anchor);
    }
}

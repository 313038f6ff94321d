package dev.fleetops.cli.report;

import java.time.Instant;
import java.util.List;

/** One row of a state timeline: e.g. an instance's target-health state over time. */
public record Lane(String label, List<Segment> segments) {

    public Lane {
        segments = List.copyOf(segments);
    }

    /** {@code state} holds from {@code from} (inclusive) to {@code to} (exclusive). */
    public record Segment(Instant from, Instant to, String state) { }
}

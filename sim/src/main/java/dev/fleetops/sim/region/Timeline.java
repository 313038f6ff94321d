package dev.fleetops.sim.region;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What happened in the region, in order: state changes, health transitions, events emitted. Shown by
 * {@code fleetops sim run} and used by reports. Recording is off until a consumer asks for it, so large
 * benchmarks do not pay for it.
 */
public final class Timeline {

    /** @param kind e.g. "ec2.state", "elbv2.health", "autoscaling.lifecycle", "event", "ssm.command" */
    public record Entry(Instant time, String kind, String subject, String text) { }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Consumer<Entry>> listeners = new ArrayList<>();
    private boolean recording;

    public void record(boolean on) {
        this.recording = on;
    }

    public boolean recording() {
        return recording || !listeners.isEmpty();
    }

    public void add(Instant time, String kind, String subject, String text) {
        if (!recording()) return;
        Entry e = new Entry(time, kind, subject, text);
        if (recording) entries.add(e);
        for (Consumer<Entry> l : listeners) l.accept(e);
    }

    public void subscribe(Consumer<Entry> listener) {
        listeners.add(listener);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }
}

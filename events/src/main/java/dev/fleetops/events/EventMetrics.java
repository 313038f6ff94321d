package dev.fleetops.events;

import java.time.Duration;

/**
 * What intake and handlers count, exposed by {@code fleetops serve} at /metrics in Prometheus text format.
 * Implementations must be thread-safe and cheap (no allocation per increment).
 */
public interface EventMetrics {

    void received(String source);

    void rejected(String reason);

    void acknowledged();

    void matched(String rule);

    void handled(String handler, Duration latency);

    void failed(String handler);

    void duplicate();

    void deadLettered();

    /** now - event time, when the event is received. */
    void lag(Duration lag);

    /** A lifecycle-hook heartbeat sent (RecordLifecycleActionHeartbeat). */
    void heartbeat();

    EventMetrics NONE = new EventMetrics() {
        @Override public void received(String source) { }
        @Override public void rejected(String reason) { }
        @Override public void acknowledged() { }
        @Override public void matched(String rule) { }
        @Override public void handled(String handler, Duration latency) { }
        @Override public void failed(String handler) { }
        @Override public void duplicate() { }
        @Override public void deadLettered() { }
        @Override public void lag(Duration lag) { }
        @Override public void heartbeat() { }
    };
}

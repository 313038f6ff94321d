package dev.fleetops.events;

import dev.fleetops.events.spi.Effect;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/**
 * The intake's counters kept in memory from its {@link IntakeEvent}s and rendered in the Prometheus text
 * exposition format (version 0.0.4): counters per source, rule and handler, the last event lag, and a handler
 * latency histogram. Subscribe it with {@code intake.events().onEvent(metrics)}.
 */
public final class PrometheusMetrics implements Consumer<IntakeEvent> {

    /** Histogram bucket upper bounds, seconds. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final Map<String, AtomicLong> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> matched = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> handled = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> recovered = new ConcurrentHashMap<>();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLongArray latencyBuckets = new AtomicLongArray(BUCKETS.length);
    private final AtomicLong latencyCount = new AtomicLong();
    private final DoubleAdder latencySum = new DoubleAdder();

    private static void inc(Map<String, AtomicLong> m, String label) {
        m.computeIfAbsent(label, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void accept(IntakeEvent event) {
        if (event instanceof IntakeEvent.Received r) inc(received, r.source());
        else if (event instanceof IntakeEvent.Rejected) rejected.incrementAndGet();
        else if (event instanceof IntakeEvent.Acknowledged) acknowledged.incrementAndGet();
        else if (event instanceof IntakeEvent.Accepted a) a.lag().ifPresent(l -> lagMillis.set(l.toMillis()));
        else if (event instanceof IntakeEvent.Matched m) m.rules().forEach(r -> inc(matched, r));
        else if (event instanceof IntakeEvent.Handled h) handled(h);
        else if (event instanceof IntakeEvent.DuplicateAbsorbed) duplicates.incrementAndGet();
        else if (event instanceof IntakeEvent.DeadLettered d && d.first()) deadLettered.incrementAndGet();
        else if (event instanceof IntakeEvent.ExecutionRecovered x) inc(recovered, x.kind() + "/" + x.outcome());
        else if (event instanceof IntakeEvent.HandlerEffect e && Effect.HEARTBEAT.equals(e.effect().action())) {
            heartbeats.incrementAndGet();
        }
    }

    private void handled(IntakeEvent.Handled h) {
        if (!h.record().done()) {
            inc(failed, h.handler());
            return;
        }
        inc(handled, h.handler());
        double s = h.duration().toNanos() / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) if (s <= BUCKETS[i]) latencyBuckets.incrementAndGet(i);
        latencyCount.incrementAndGet();
        latencySum.add(s);
    }

    public long count(String name, String label) {
        Map<String, AtomicLong> m = switch (name) {
            case "received" -> received;
            case "matched" -> matched;
            case "handled" -> handled;
            case "failed" -> failed;
            case "recovered" -> recovered;
            default -> throw new IllegalArgumentException(name);
        };
        AtomicLong v = m.get(label);
        return v == null ? 0 : v.get();
    }

    public long rejectedCount() { return rejected.get(); }
    public long deadLetteredCount() { return deadLettered.get(); }
    public long duplicates() { return duplicates.get(); }
    public long heartbeats() { return heartbeats.get(); }

    public String render() {
        StringBuilder b = new StringBuilder(2048);
        labelled(b, "fleetops_events_received_total", "Messages received, by source.", "source", received);
        single(b, "fleetops_events_rejected_total", "Messages rejected as unknown or malformed.", rejected.get());
        single(b, "fleetops_events_acknowledged_total", "Messages acknowledged and dropped (Auto Scaling test notifications).", acknowledged.get());
        labelled(b, "fleetops_events_matched_total", "Events matched, by rule.", "rule", matched);
        labelled(b, "fleetops_events_handled_total", "Events handled successfully, by handler.", "handler", handled);
        labelled(b, "fleetops_events_failed_total", "Handler runs that failed, by handler.", "handler", failed);
        single(b, "fleetops_events_duplicates_total", "Events or actions already handled (nothing new done).", duplicates.get());
        single(b, "fleetops_events_dead_lettered_total", "Messages moved aside to a dead-letter queue or dropped.", deadLettered.get());
        b.append("# HELP fleetops_recovered_executions_total Executions left open in the journal and taken up at start-up, by kind and outcome.\n")
                .append("# TYPE fleetops_recovered_executions_total counter\n");
        new TreeMap<>(recovered).forEach((k, v) -> b.append("fleetops_recovered_executions_total{kind=\"")
                .append(k.substring(0, k.indexOf('/'))).append("\",outcome=\"").append(k.substring(k.indexOf('/') + 1))
                .append("\"} ").append(v.get()).append('\n'));
        single(b, "fleetops_lifecycle_heartbeats_total", "Lifecycle hook heartbeats sent.", heartbeats.get());
        b.append("# HELP fleetops_event_lag_seconds Now minus the event time of the last event received.\n")
                .append("# TYPE fleetops_event_lag_seconds gauge\n")
                .append("fleetops_event_lag_seconds ").append(lagMillis.get() / 1000.0).append('\n');
        b.append("# HELP fleetops_handler_latency_seconds Time from dispatch to the handler's record.\n")
                .append("# TYPE fleetops_handler_latency_seconds histogram\n");
        for (int i = 0; i < BUCKETS.length; i++) {
            b.append("fleetops_handler_latency_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ")
                    .append(latencyBuckets.get(i)).append('\n');
        }
        b.append("fleetops_handler_latency_seconds_bucket{le=\"+Inf\"} ").append(latencyCount.get()).append('\n')
                .append("fleetops_handler_latency_seconds_sum ").append(latencySum.sum()).append('\n')
                .append("fleetops_handler_latency_seconds_count ").append(latencyCount.get()).append('\n');
        return b.toString();
    }

    private static void single(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(v).append('\n');
    }

    private static void labelled(StringBuilder b, String name, String help, String label, Map<String, AtomicLong> m) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n");
        new TreeMap<>(m).forEach((k, v) -> b.append(name).append('{').append(label).append("=\"")
                .append(k.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"} ").append(v.get()).append('\n'));
    }
}

package dev.fleetops.events;

import dev.fleetops.events.spi.Effect;
import dev.fleetops.journal.Lease;
import dev.fleetops.journal.LeaseListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The daemon's metrics, kept by the Prometheus Java client from the intake's {@link IntakeEvent}s, the runbook
 * engine's ended executions ({@link #execution}) and the journal's leases (a {@link LeaseListener}), rendered in
 * the Prometheus text format 0.0.4 with the JVM's metrics. Durations are the intake's, measured on the injected
 * scheduler (virtual time on the simulator). Subscribe it with {@code intake.events().onEvent(metrics)}.
 * The names are listed in docs/observability.md.
 */
public final class PrometheusMetrics implements Consumer<IntakeEvent>, LeaseListener {

    /** Histogram bucket upper bounds, seconds: a handler may wait minutes (a drain, a first-ready wait). */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter received = counter("fleetops_events_received_total", "Messages received, by source.", "source");
    private final Counter rejected = counter("fleetops_events_rejected_total", "Messages rejected as unknown or malformed.");
    private final Counter acknowledged = counter("fleetops_events_acknowledged_total",
            "Messages acknowledged and dropped (Auto Scaling test notifications).");
    private final Counter matched = counter("fleetops_events_matched_total", "Events matched, by rule.", "rule");
    private final Counter handled = counter("fleetops_events_handled_total", "Events handled successfully, by handler.", "handler");
    private final Counter failed = counter("fleetops_events_failed_total", "Handler runs that failed, by handler.", "handler");
    private final Counter outcomes = counter("fleetops_events_total",
            "Events by outcome: handled, failed, duplicate, rejected, acknowledged, unmatched.", "outcome");
    private final Counter duplicates = counter("fleetops_events_duplicates_total", "Events or actions already handled (nothing new done).");
    private final Counter deadLettered = counter("fleetops_events_dead_lettered_total",
            "Messages moved aside to a dead-letter queue or dropped.");
    private final Counter recovered = counter("fleetops_recovered_executions_total",
            "Executions left open in the journal and taken up at start-up, by kind and outcome.", "kind", "outcome");
    private final Counter executions = counter("fleetops_executions_total",
            "Executions ended, by kind (handler, runbook) and final status.", "kind", "status");
    private final Counter heartbeats = counter("fleetops_lifecycle_heartbeats_total", "Lifecycle hook heartbeats sent.");
    private final Counter leaseAcquired = counter("fleetops_lease_acquisitions_total",
            "Journal leases granted (free, released, renewed by acquiring again, or taken over).");
    private final Counter leaseTakenOver = counter("fleetops_lease_takeovers_total",
            "Journal leases taken over from another owner whose lease expired or whose process is gone.");
    private final Counter leaseLost = counter("fleetops_lease_losses_total",
            "Journal leases this process lost (a renewal failed: taken over, or the store failed).");
    private final Gauge lag = Gauge.builder().name("fleetops_event_lag_seconds")
            .help("Now minus the event time of the last event received.").register(registry);
    private final Histogram latency = Histogram.builder().name("fleetops_handler_latency_seconds")
            .help("Time from dispatch to the handler's record, by handler (scheduler time: virtual on the simulator).")
            .labelNames("handler").classicOnly().classicUpperBounds(BUCKETS).withoutExemplars().register(registry);

    /** With the JVM's metrics and {@code fleetops_build_info{version,commit}}. */
    public PrometheusMetrics(String version, String commit) {
        Info.builder().name("fleetops_build_info").help("The fleetops build: version and commit (unknown when not built from git).")
                .labelNames("version", "commit").register(registry).setLabelValues(version, commit);
        JvmMetrics.builder().register(registry);
    }

    /** Without build information (tests, embedding). */
    public PrometheusMetrics() {
        this("unknown", "unknown");
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    @Override
    public void accept(IntakeEvent event) {
        if (event instanceof IntakeEvent.Received r) received.labelValues(r.source()).inc();
        else if (event instanceof IntakeEvent.Rejected) {
            rejected.inc();
            outcomes.labelValues("rejected").inc();
        } else if (event instanceof IntakeEvent.Acknowledged) {
            acknowledged.inc();
            outcomes.labelValues("acknowledged").inc();
        } else if (event instanceof IntakeEvent.Accepted a) a.lag().ifPresent(l -> lag.set(l.toMillis() / 1000.0));
        else if (event instanceof IntakeEvent.Matched m) {
            m.rules().forEach(r -> matched.labelValues(r).inc());
            if (m.rules().isEmpty()) outcomes.labelValues("unmatched").inc();
        } else if (event instanceof IntakeEvent.Handled h) handled(h);
        else if (event instanceof IntakeEvent.DuplicateAbsorbed) {
            duplicates.inc();
            outcomes.labelValues("duplicate").inc();
        } else if (event instanceof IntakeEvent.DeadLettered d && d.first()) deadLettered.inc();
        else if (event instanceof IntakeEvent.ExecutionRecovered x) recovered.labelValues(x.kind(), x.outcome()).inc();
        else if (event instanceof IntakeEvent.HandlerEffect e && Effect.HEARTBEAT.equals(e.effect().action())) heartbeats.inc();
    }

    private void handled(IntakeEvent.Handled h) {
        execution("handler", h.record().status().toString());
        latency.labelValues(h.handler()).observe(h.duration().toNanos() / 1e9);
        boolean done = h.record().done();
        (done ? handled : failed).labelValues(h.handler()).inc();
        outcomes.labelValues(done ? "handled" : "failed").inc();
    }

    /** An execution ended with {@code status} (its SSM status: Success, Failed, TimedOut, Cancelled...). */
    public void execution(String kind, String status) {
        executions.labelValues(kind, status).inc();
    }

    @Override
    public void acquired(Lease lease) {
        leaseAcquired.inc();
        if (lease.takenFrom().isPresent()) leaseTakenOver.inc();
    }

    @Override
    public void lost(Lease lease, RuntimeException why) {
        leaseLost.inc();
    }

    /** A counter's value: {@code name} without fleetops_ and _total (received, handled, ...), its one label's value. */
    public long count(String name, String label) {
        Counter c = switch (name) {
            case "received" -> received;
            case "matched" -> matched;
            case "handled" -> handled;
            case "failed" -> failed;
            case "outcome" -> outcomes;
            default -> throw new IllegalArgumentException(name);
        };
        return (long) c.labelValues(label).get();
    }

    public long recovered(String kind, String outcome) { return (long) recovered.labelValues(kind, outcome).get(); }
    public long executions(String kind, String status) { return (long) executions.labelValues(kind, status).get(); }
    public long rejectedCount() { return (long) rejected.get(); }
    public long deadLetteredCount() { return (long) deadLettered.get(); }
    public long duplicates() { return (long) duplicates.get(); }
    public long heartbeats() { return (long) heartbeats.get(); }
    public long leaseAcquisitions() { return (long) leaseAcquired.get(); }
    public long leaseTakeovers() { return (long) leaseTakenOver.get(); }
    public long leaseLosses() { return (long) leaseLost.get(); }

    /** The text exposition format 0.0.4 (what GET /metrics answers, with {@link #CONTENT_TYPE}). */
    public String render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

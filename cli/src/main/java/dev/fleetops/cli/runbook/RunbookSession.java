package dev.fleetops.cli.runbook;

import dev.fleetops.cli.Main;
import dev.fleetops.cli.report.RunReport;
import dev.fleetops.cli.session.HealthSampler;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cli.session.SimTraffic;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.runbook.engine.Decider;
import dev.fleetops.runbook.engine.Execution;
import dev.fleetops.runbook.engine.ExecutionListener;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.runbook.engine.StartRefused;
import dev.fleetops.sim.elbv2.TrafficReport;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs documents for the CLI (run, demo): the engine over the session's cloud, the live step list, traffic and
 * target-health sampling on the simulator, and Ctrl-C wired to cancellation (the onCancel path runs, then exit).
 */
public final class RunbookSession {

    /** A finished run with what the report needs. */
    public record Outcome(ExecutionRecord record, List<HealthSampler.Sample> health, List<TrafficReport> traffic) {
        public RunReport.Run asReportRun(String title) {
            return new RunReport.Run(title, record, health, traffic);
        }
    }

    private final Session session;
    private final RunbookEngine engine;

    private RunbookSession(Session session, RunbookEngine engine) {
        this.session = session;
        this.engine = engine;
    }

    /**
     * @param progress where the live step list goes; null for none (-o json)
     */
    public static RunbookSession open(Session session, Path docs, Path storeDir, boolean approveAll, PrintWriter progress) {
        var cloud = session.cloud();
        ExecutionStore store = ExecutionStore.directory(storeDir != null ? storeDir : ExecutionStore.defaultDirectory());
        Decider decider = approveAll ? Decider.approveAll(cloud.scheduler())
                : session.simulated() ? Decider.watching(store, cloud.scheduler(), Duration.ofSeconds(1))
                : Decider.polling(store, cloud.scheduler(), Duration.ofSeconds(2));
        ExecutionListener listener = progress == null ? ExecutionListener.NONE : new StepProgress(progress, cloud.scheduler());
        RunbookEngine.Builder b = RunbookEngine.builder(cloud).simulated(session.simulated()).store(store)
                .decider(decider).listener(listener).ssmDocuments(!session.simulated());
        if (docs != null) b.docs(docs);
        if (session.simulated()) b.seed(session.region().context().random().nextLong());
        return new RunbookSession(session, b.build());
    }

    /** Simulator references ({@code @instance:GROUP:N}, {@code @target-group:NAME}) in values, resolved. */
    public static List<String> resolveReferences(Session session, List<String> values) {
        return SimReferences.resolve(session, Map.of("value", values)).get("value");
    }

    public RunbookEngine engine() {
        return engine;
    }

    /**
     * Runs a document to its end.
     * @param trafficRps   simulator: requests per second to every ALB while it runs; null for none
     * @param sampleHealth sample target health for a report
     */
    public Outcome run(String document, Map<String, List<String>> parameters, Double trafficRps, boolean sampleHealth) {
        SimTraffic traffic = trafficRps != null ? SimTraffic.start(session, trafficRps) : null;
        HealthSampler sampler = sampleHealth
                ? HealthSampler.start(session, session.simulated() ? Duration.ofSeconds(1) : Duration.ofSeconds(5)) : null;
        Execution execution;
        try {
            execution = session.await(engine.start(document, parameters), Duration.ofMinutes(5));
        } catch (StartRefused e) {
            if (traffic != null) traffic.stop();
            if (sampler != null) sampler.stop();
            throw new Main.UsageError(e.getMessage());
        }
        Thread hook = cancelOnInterrupt(execution);
        ExecutionRecord record;
        try {
            record = session.await(execution.result(), RunbookRunCommand.maxWait());
        } finally {
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the cancel path
                }
            }
        }
        List<TrafficReport> reports = List.of();
        if (traffic != null) {
            traffic.stop();
            reports = traffic.reports();
            record = withTraffic(record, traffic.totals());
        }
        List<HealthSampler.Sample> health = sampler != null ? sampler.stop() : List.of();
        return new Outcome(record, health, reports);
    }

    /** Ctrl-C on real time: cancel (the onCancel path runs, at most 2 minutes), then let the process exit. */
    private Thread cancelOnInterrupt(Execution execution) {
        if (session.simulated()) return null; // virtual time finishes before a person can press Ctrl-C
        Thread hook = new Thread(() -> {
            execution.cancel();
            try {
                execution.result().toCompletableFuture().get(Execution.CANCEL_PATH_LIMIT.toSeconds() + 10,
                        java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // exiting anyway
            }
        }, "fleetops-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static ExecutionRecord withTraffic(ExecutionRecord r, ExecutionRecord.Traffic t) {
        return new ExecutionRecord(r.id(), r.kind(), r.documentName(), r.status(), r.start(), r.end(), r.parameters(),
                r.outputs(), r.failureMessage(), r.steps(), Optional.of(t), r.notes());
    }
}

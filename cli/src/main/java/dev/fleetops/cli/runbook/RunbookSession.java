package dev.fleetops.cli.runbook;

import dev.fleetops.cli.common.JournalStores;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.report.CommandInvocation;
import dev.fleetops.cli.report.RunReport;
import dev.fleetops.cli.session.HealthSampler;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cli.session.SimTraffic;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.runbook.engine.CommandTargets;
import dev.fleetops.runbook.engine.Decider;
import dev.fleetops.runbook.engine.Execution;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.journal.Journal;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.runbook.engine.StartRefused;
import dev.fleetops.runbook.document.DocumentClosure;
import dev.fleetops.runbook.document.RunTarget;
import dev.fleetops.runbook.document.Validation;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateControlRequest;
import dev.fleetops.runbook.rate.RateControlledRun;
import dev.fleetops.runbook.rate.TargetLocations;
import dev.fleetops.runbook.rate.TargetResolver;
import dev.fleetops.sim.elbv2.TrafficReport;
import dev.fleetops.sim.region.RandomStreams;
import dev.fleetops.source.InputError;
import dev.fleetops.waiters.Backoff;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs documents for the CLI (run, demo): the engine over the session's cloud, the live step list, traffic and
 * target-health sampling on the simulator, and Ctrl-C wired to cancellation (the onCancel path runs, then exit).
 */
public final class RunbookSession implements AutoCloseable {

    /**
     * A finished run with what the report needs.
     *
     * @param invocations per-instance results of the run's commands (aws:runCommand steps)
     */
    public record Outcome(ExecutionRecord record, List<HealthSampler.Sample> health, List<TrafficReport> traffic,
                          List<CommandInvocation> invocations) {
        public RunReport.Run asReportRun(String title) {
            return new RunReport.Run(title, record, health, traffic, invocations);
        }
    }

    private final Session session;
    private final RunbookEngine engine;

    private final ExecutionStore store;
    private final Journal journal;
    private final StepProgress progress;
    /** The same session's runs in another account and Region (TargetLocations): same docs, store and journal. */
    private Function<Cloud, RunbookSession> elsewhere;
    /** The sessions and clouds of the locations this one ran in, closed with it. */
    private final List<RunbookSession> there = new CopyOnWriteArrayList<>();
    private final List<Cloud> clouds = new CopyOnWriteArrayList<>();

    private RunbookSession(Session session, RunbookEngine engine, ExecutionStore store, Journal journal, StepProgress progress) {
        this.session = session;
        this.engine = engine;
        this.store = store;
        this.journal = journal;
        this.progress = progress;
    }

    /**
     * @param progress where the live step list goes; null for none (-o json)
     */
    public static RunbookSession open(Session session, Path docs, Path storeDir, boolean approveAll, PrintWriter progress) {
        return open(session, docs, storeDir, approveAll, progress, null);
    }

    /**
     * @param pollMax the cap of the wait actions' poll backoff (by default 30 s, docs/waiters.md); null for the default
     */
    public static RunbookSession open(Session session, Path docs, Path storeDir, boolean approveAll, PrintWriter progress,
                                      Duration pollMax) {
        return open(session, docs, storeDir, approveAll, progress, pollMax, null);
    }

    /** The runbooks of {@code serve}'s rules: journaled in {@code journal}, the store the daemon holds open. */
    public static RunbookSession open(Session session, Path docs, Path storeDir, Journal journal) {
        return open(session, session.cloud(), docs, storeDir, false, null, null, journal, true);
    }

    /** As above, the runbooks acting on {@code cloud} ({@code serve --dry-run}'s). */
    public static RunbookSession open(Session session, dev.fleetops.cloud.Cloud cloud, Path docs, Path storeDir, Journal journal) {
        return open(session, cloud, docs, storeDir, false, null, null, journal, true);
    }

    /** As above, journaled in {@code given} when not null (--table), else as the store directory says. */
    public static RunbookSession open(Session session, Path docs, Path storeDir, boolean approveAll, PrintWriter progress,
                                      Duration pollMax, Journal given) {
        return open(session, session.cloud(), docs, storeDir, approveAll, progress, pollMax, given, true);
    }

    /**
     * As above; {@code sharedReads} false ({@code run --no-shared-reads}) sends every read on its own instead of
     * sharing concurrent executions' reads (docs/waiters.md, "Shared reads").
     */
    public static RunbookSession open(Session session, Path docs, Path storeDir, boolean approveAll, PrintWriter progress,
                                      Duration pollMax, Journal given, boolean sharedReads) {
        return open(session, session.cloud(), docs, storeDir, approveAll, progress, pollMax, given, sharedReads);
    }

    private static RunbookSession open(Session session, dev.fleetops.cloud.Cloud cloud, Path docs, Path storeDir,
                                       boolean approveAll, PrintWriter progress, Duration pollMax, Journal given,
                                       boolean sharedReads) {
        ExecutionStore store = ExecutionStore.directory(storeDir != null ? storeDir : ExecutionStore.defaultDirectory());
        Decider decider = approveAll ? Decider.approveAll(cloud.scheduler())
                : session.simulated() ? Decider.watching(store, cloud.scheduler(), Duration.ofSeconds(1))
                : Decider.polling(store, cloud.scheduler(), Duration.ofSeconds(2));
        RunbookEngine.Builder b = RunbookEngine.builder(cloud).simulated(session.simulated()).store(store)
                .decider(decider).ssmDocuments(!session.simulated()).sharedReads(sharedReads);
        // a simulated region lives in its process only: its runs are journaled when a store is named
        Journal journal = given != null ? given : session.simulated() && storeDir == null ? null : journal(session, storeDir);
        if (journal != null) b.journal(journal, Owners.thisProcess());
        StepProgress steps = progress == null ? null : new StepProgress(progress, cloud.scheduler());
        if (steps != null) b.onEvent(steps);
        if (docs != null) b.docs(docs);
        if (pollMax != null) b.pollBackoff(Backoff.growing(Duration.ofSeconds(2), 1.5, pollMax, 0.2));
        if (session.simulated()) b.seed(session.region().context().random(RandomStreams.Concern.CLIENTS).nextLong());
        RunbookSession[] self = new RunbookSession[1];
        // a location's engine (TargetLocations, and their recovery): this session's documents, store and journal there
        b.elsewhere(c -> self[0].at(c).engine);
        RunbookSession opened = new RunbookSession(session, b.build(), store, journal, steps);
        opened.elsewhere = c -> open(session, c, docs, storeDir, approveAll, null, pollMax, journal, sharedReads);
        self[0] = opened;
        return opened;
    }

    /**
     * The durable journal in {@code storeDir} (default ~/.fleetops), closed (flushed) when the process exits;
     * a store that is not a journal this version reads is a usage error naming it (exit 2).
     */
    public static Journal journal(Session session, Path storeDir) {
        Journal journal = JournalStores.open(storeDir, session.cloud().scheduler());
        Runtime.getRuntime().addShutdownHook(new Thread(journal::close, "journal-close"));
        return journal;
    }

    /**
     * Writes the pending execution records and flushes and closes the journal: another run in this process may open
     * the same store next, and a command ends with its records on disk, not only at JVM exit.
     */
    @Override
    public void close() {
        try {
            there.forEach(s -> s.store.flush());
            store.flush();
            journalFailures(); // an append still waiting for its lease would fail against a closed store
        } finally {
            clouds.forEach(Cloud::close); // a location's cloud; on the simulator its Region's clients, closing nothing
            if (journal != null) journal.close();
        }
    }

    /** This session's twin in the location of {@code cloud}, closed with this one. */
    private RunbookSession at(Cloud cloud) {
        if (cloud != session.cloud()) clouds.add(cloud);
        RunbookSession s = elsewhere.apply(cloud);
        there.add(s);
        return s;
    }

    /**
     * Waits (up to 30 s) until the journal acknowledged or refused every entry of this session's runs; one line
     * for each execution whose journal lost an entry, which the command must report (never silent).
     */
    public List<String> journalFailures() {
        try {
            return engine.journalSettled().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return List.of("the journal did not acknowledge every entry within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted while waiting for the journal");
        } catch (java.util.concurrent.ExecutionException e) {
            return List.of("the journal failed: " + e.getCause());
        }
    }

    /** The journal this session's engine writes to (on the simulator: only with --store). */
    public Optional<Journal> journal() {
        return Optional.ofNullable(journal);
    }

    /** Simulator references ({@code @instance:GROUP:N}, {@code @target-group:NAME}) in values, resolved. */
    public static List<String> resolveReferences(Session session, List<String> values) {
        return SimReferences.resolve(session, Map.of("value", values)).get("value");
    }

    /** Where this session's execution records live (and approvals are left). */
    public ExecutionStore store() {
        return store;
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
        Validation checked = preflight(document);
        return drive(trafficRps, sampleHealth, () -> {
            // the checked document itself: looking it up again would read and validate it twice
            Execution execution = started(() -> CompletableFuture.completedFuture(engine.start(checked, parameters)));
            return untilDone(execution.result(), execution::cancel);
        });
    }

    /**
     * Runs {@code document} once per target under rate control (SSM StartAutomationExecution with Targets): the
     * parent record has one step per target with the child execution in it.
     *
     * @param request built with the {@link #preflight(String)} of the same document
     */
    public Outcome runRateControlled(String document, RateControlRequest request, Double trafficRps, boolean sampleHealth) {
        List<Execution> inFlight = new CopyOnWriteArrayList<>();
        // children run the document as the user named it (a path works without --docs), under ids derived from the
        // parent's, and the parent is journaled with the engine's runs, so that 'fleetops recover' finishes it
        RateControl.Children children = (name, p, parentId, n) -> engine.startChild(document, p, parentId, n).thenCompose(child -> {
            inFlight.add(child);
            return child.result().whenComplete((r, e) -> inFlight.remove(child));
        });
        RateControl control = new RateControl(session.cloud().scheduler(), children, engine::newExecutionId, engine.parentJournal());
        return drive(trafficRps, sampleHealth, () -> {
            List<String> targets = session.await(TargetResolver.of(session.cloud()).resolve(request.targets()),
                    Duration.ofMinutes(5));
            if (progress != null) progress.rateControlled(request.targetParameterName(), targets);
            RateControlledRun run = control.start(RateControl.plan(request, targets));
            return untilDone(run.record(), () -> {
                run.stopStarting("cancelled (interrupted)");
                inFlight.forEach(Execution::cancel);
            });
        });
    }

    /**
     * Runs {@code document} in each of {@code locations} (SSM StartAutomationExecution with TargetLocations): a
     * parent with one child per account and Region, the role of each assumed from this session's credentials; in
     * each the document runs once, or rate-controlled over {@code perLocation}'s targets resolved there. Journaled
     * as other rate-controlled parents: each location's child under an id derived from the parent's.
     */
    public Outcome runAcrossLocations(String document, TargetLocations locations, Optional<RateControlRequest> perLocation,
                                      Map<String, List<String>> parameters) {
        if (session.cloud().locations().isEmpty()) {
            throw new InputError(null, TargetLocations.FLAG, session.cloud().describe() + " reaches no other accounts and Regions");
        }
        RateControl control = engine.acrossLocations(locations, perLocation);
        return drive(null, false, () -> {
            RateControlledRun run = control.start(locations.plan(document, parameters, perLocation));
            return untilDone(run.record(), () -> run.stopStarting("cancelled (interrupted)"));
        });
    }

    /**
     * Runs a Command (2.2) document on instances, as SSM SendCommand does (through one aws:runCommand step), with
     * SendCommand's MaxConcurrency and MaxErrors (null for its defaults).
     */
    public Outcome runCommand(Validation document, Map<String, List<String>> parameters, CommandTargets targets,
                              String maxConcurrency, String maxErrors, Double trafficRps, boolean sampleHealth) {
        return drive(trafficRps, sampleHealth, () -> {
            Execution execution = started(() -> engine.startCommand(document, parameters, targets, maxConcurrency, maxErrors));
            return untilDone(execution.result(), execution::cancel);
        });
    }

    /**
     * The document checked before anything runs: found, valid, runnable here, and so are the children it starts
     * by name (aws:executeAutomation; {@link DocumentClosure}), each read and validated once. Any of these failing
     * is a usage error listing every reason.
     */
    public Validation preflight(String document) {
        Path file = Path.of(document);
        Optional<Validation> found = Files.isRegularFile(file) ? Optional.of(engine.validator().validate(file))
                : session.await(engine.library().find(document), Duration.ofMinutes(1));
        Validation v = found.orElseThrow(() -> new UsageError(document + ": no such document (looked for a file"
                + ", in --docs" + (session.simulated() ? ")" : " and in SSM)")));
        RunTarget target = session.simulated() ? RunTarget.SIMULATOR : RunTarget.AWS;
        Validation verdict = session.await(DocumentClosure.of(v, target, engine.library()::find), Duration.ofMinutes(1))
                .verdict();
        if (verdict instanceof Validation.Invalid i) {
            throw new UsageError(new StartRefused(StartRefused.Reason.INVALID, v.file(),
                    i.errors().stream().map(Object::toString).toList()).getMessage());
        }
        if (verdict instanceof Validation.NotRunnable n) {
            throw new UsageError(new StartRefused(StartRefused.Reason.NOT_RUNNABLE, v.file(), n.reasons()).getMessage());
        }
        return v;
    }

    /** Traffic and health sampling around a run that blocks (drives virtual time) until its record is there. */
    private Outcome drive(Double trafficRps, boolean sampleHealth, Supplier<ExecutionRecord> body) {
        SimTraffic traffic = trafficRps != null ? SimTraffic.start(session, trafficRps) : null;
        HealthSampler sampler = sampleHealth
                ? HealthSampler.start(session, session.simulated() ? Duration.ofSeconds(1) : Duration.ofSeconds(5)) : null;
        ExecutionRecord record;
        try {
            record = body.get();
        } catch (RuntimeException e) {
            if (traffic != null) traffic.stop();
            if (sampler != null) sampler.stop();
            throw e;
        }
        List<TrafficReport> reports = List.of();
        if (traffic != null) {
            traffic.stop();
            reports = traffic.reports();
            record = withTraffic(record, traffic.totals());
        }
        List<HealthSampler.Sample> health = sampler != null ? sampler.stop() : List.of();
        return new Outcome(record, health, reports, CommandResults.of(session, record));
    }

    /** The started execution; a refusal (thrown or inside the future, however wrapped) is a usage error, exit 2. */
    private Execution started(Supplier<CompletionStage<Execution>> start) {
        try {
            return session.await(start.get(), Duration.ofMinutes(5));
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof StartRefused refused) throw new UsageError(refused.getMessage());
                if (t instanceof dev.fleetops.cloud.CloudSetupException setup) throw setup; // exit 3, however wrapped
            }
            throw e;
        }
    }

    /**
     * Waits for {@code done}; on real time, Ctrl-C calls {@code cancel} (the onCancel paths run, at most 2 minutes)
     * and then lets the process exit. Virtual time finishes before a person can press Ctrl-C.
     */
    private ExecutionRecord untilDone(CompletionStage<ExecutionRecord> done, Runnable cancel) {
        Thread hook = null;
        if (!session.simulated()) {
            hook = new Thread(() -> {
                cancel.run();
                try {
                    done.toCompletableFuture().get(Execution.CANCEL_PATH_LIMIT.toSeconds() + 10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // exiting anyway
                }
            }, "fleetops-cancel");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            return session.await(done, RunbookRunCommand.maxWait());
        } finally {
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the cancel path
                }
            }
        }
    }

    static ExecutionRecord withTraffic(ExecutionRecord r, ExecutionRecord.Traffic t) {
        return new ExecutionRecord(r.id(), r.kind(), r.documentName(), r.status(), r.start(), r.end(), r.parameters(),
                r.outputs(), r.failureMessage(), r.steps(), Optional.of(t), r.notes());
    }
}

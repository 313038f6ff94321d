package dev.fleetops.cli.events;

import dev.fleetops.cli.common.JournalTable;
import dev.fleetops.cli.common.JournalStores;
import dev.fleetops.cli.common.DurationConverter;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Logging;
import dev.fleetops.cli.common.Redaction;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.runbook.RunbookSession;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cli.ui.FleetUi;
import dev.fleetops.events.Health;
import dev.fleetops.events.Intake;
import dev.fleetops.events.IntakeLog;
import dev.fleetops.events.PrometheusMetrics;
import dev.fleetops.events.sources.HttpIntake;
import dev.fleetops.events.sources.SqsSource;
import dev.fleetops.events.spi.Scope;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.api.DryRun;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.Leases;
import dev.fleetops.cli.common.BuildInfo;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.runbook.engine.RunbookEvent;
import dev.fleetops.runbook.engine.RunbookLog;
import dev.fleetops.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.time.Scheduler;
import dev.fleetops.time.VirtualScheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

@Command(addMethodSubcommands = false, name = "serve",
        header = "Run the event daemon: sources (SQS, HTTP, the simulator's bus), rules and handlers.",
        description = {"Serves /metrics (Prometheus text), /healthz and /readyz next to POST /events when http is configured.",
                "Idempotency keys, the HTTP inbox and the journal are in the local store (--store, one serve per store)",
                "unless the config shares the keys in DynamoDB. An event answered 202 is journaled first.",
                "SIGTERM or Ctrl-C stops receiving, lets in-flight events finish within shutdown-grace, and releases",
                "the rest to the queue (ChangeMessageVisibility 0). On the simulator virtual time runs at real pace.",
                "Config errors name file and line (exit 2). See docs/events.md for the config file."},
        footer = {"", "Examples:",
                "  FLEETOPS_EVENTS_TOKEN=$(openssl rand -hex 24) fleetops serve --config examples/events/serve.yaml",
                "  fleetops serve --config serve.yaml --cloud aws --region us-east-1",
                "  fleetops serve --config serve.yaml --cloud aws --dry-run --group web-asg",
                "  curl -s localhost:8787/metrics | grep fleetops_events"})
public final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    private static final org.slf4j.Logger LOG = Logging.of("serve");
    /** The SQS sources' namespace in the inbox, next to the HTTP intake's events (docs/events.md). */
    private static final String SQS_INBOX = "sqs:";

    @Spec
    CommandSpec spec;

    @Option(names = "--docs", converter = dev.fleetops.cli.common.PathOptions.ExistingDirectory.class, paramLabel = "DIR", description = "Directory of SSM documents for runbook rules (NAME.yaml|.yml|.json).")
    Path docs;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The daemon's config file (YAML).")
    Path config;

    @Option(names = "--store", converter = dev.fleetops.cli.common.PathOptions.StoreDirectory.class, paramLabel = "DIR",
            description = "The local store: idempotency keys (unless in DynamoDB), the journal and the HTTP intake's inbox "
                    + "(unless --table), runbook records, and the lock that keeps a second serve off it (default: ~/.fleetops).")
    Path store;

    @Mixin
    JournalTable table;

    @Option(names = "--dry-run",
            description = "Send no mutating call: each one the handlers (and their runbooks) would make is logged "
                    + "(would DetachInstances ...) and answered empty; Describe*, Get* and List* calls go through.")
    boolean dryRun;

    @Option(names = "--managed-tag", paramLabel = "KEY|none",
            description = "Act only on Auto Scaling groups or instances carrying this tag (default on --cloud aws: "
                    + Scope.DEFAULT_TAG + "; none: every group; on the simulator: none unless configured).")
    String managedTag;

    @Option(names = "--group", paramLabel = "NAME",
            description = "Act only on this Auto Scaling group (repeatable; replaces the config's scope: groups).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop by itself after this long (virtual time on the simulator); default: until signalled.")
    Duration runFor;

    @Override
    public Integer call() throws Exception {
        GlobalOptions g = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        ServeConfig cfg = ServeConfig.read(config, System::getenv);
        cfg.http().ifPresent(h -> Redaction.secret(h.token()));
        Path storeDir = store != null ? store : Journals.defaultDirectory();
        ExecutorService journalCallbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fleetops-journal-callbacks");
            t.setDaemon(true);
            return t;
        });
        String owner = Owners.thisProcess();
        FleetUi.Relay uiLeases = FleetUi.relay();
        PrometheusMetrics metrics = new PrometheusMetrics(BuildInfo.property("version"), BuildInfo.property("commit"));
        try (StoreLock lock = StoreLock.acquire(storeDir);
             Session session = Session.open(g);
             SharedStores stores = SharedStores.open(cfg, g, session.cloud().region(), session.simulated(),
                     session.cloud().scheduler(), Optional.of(storeDir));
             // with --table the journal is shared; --store DIR still holds this replica's own files (its lock, its
             // runbook records), so several replicas can run on one machine
             Journal journal = Journals.observed(Journals.observed(table.name() == null
                     ? JournalStores.open(storeDir, session.cloud().scheduler(), journalCallbacks)
                     : JournalStores.open(null, table.name(), session.cloud(), session.simulated(), g, journalCallbacks), metrics), uiLeases);
             // the SQS messages this replica holds are kept in its own store (with a shared journal too): only a
             // restart on the same store can use their receipt handles
             Journal local = table.name() == null ? null : JournalStores.open(storeDir, session.cloud().scheduler(), journalCallbacks)) {
            if (cfg.bus() && !session.simulated()) throw new UsageError(config + ": bus: true needs the simulator (--cloud sim)");
            boolean sim = session.simulated();
            if (sim) session.settle();
            Scheduler scheduler = session.cloud().scheduler();
            if (managedTag != null && managedTag.isBlank()) throw new UsageError("--managed-tag: expected a tag key or none");
            Scope scope = cfg.scope().resolve(sim, Optional.ofNullable(managedTag), groups);
            Cloud acting = dryRun ? DryRun.of(session.cloud(), call -> LOG.info("dry run: " + call.describe())) : session.cloud();
            RunbookSession runbooks = RunbookSession.open(session, acting, docs, storeDir, journal);
            RunbookEngine engine = runbooks.engine();
            Intake intake = SimIntake.build(cfg.rules(), acting, engine,
                    cfg.idempotency(), stores.idempotency(), stores.inventory(), journal, owner, scope);
            LOG.info("acting on " + scope.describe() + (dryRun ? "; dry run: no mutating call is sent" : ""));
            intake.events().onEvent(metrics).onEvent(IntakeLog.toLogger(LOG, dryRun));
            engine.events().onEvent(RunbookLog.to(LOG)).onEvent(e -> {
                if (e instanceof RunbookEvent.ExecutionEnded x) metrics.execution("runbook", x.record().status().toString());
            });
            ConcurrentLinkedQueue<Runnable> simTasks = new ConcurrentLinkedQueue<>();
            Executor dispatch = sim ? simTasks::add : Runnable::run;
            int workers = cfg.sqs().stream().mapToInt(SqsSource.Settings::workers).sum();
            ExecutorService pool = sim ? null : Executors.newFixedThreadPool(Math.max(1, workers));
            List<SqsSource> sources = new ArrayList<>();
            for (SqsSource.Settings s : cfg.sqs()) {
                SqsSource src = new SqsSource(session.cloud().sqs(), intake, scheduler, sim ? scheduler.executor() : pool, s,
                        Optional.of((local == null ? journal : local).inbox().within(SQS_INBOX)));
                sources.add(src);
                session.await(src.start(), Duration.ofSeconds(30));
                // a read of the local journal: waited for on the wall clock (virtual time would not wait for the disk)
                int resumed = Session.awaitWallClock(src.resume(), Duration.ofSeconds(30), "the local store " + storeDir);
                if (resumed > 0) LOG.info("taking up {} message(s) of {} this replica held when it stopped", resumed, s.queueUrl());
            }
            if (cfg.bus()) session.region().context().bus().subscribe(e -> intake.submit("bus", e));
            boolean singleConsumerOnly = !cfg.sqs().isEmpty() && (!stores.shared() || table.name() == null);
            singleConsumerWarning(cfg, stores.shared(), table.name() != null, storeDir).ifPresent(LOG::warn);
            java.util.concurrent.atomic.AtomicBoolean recovered = new java.util.concurrent.atomic.AtomicBoolean();
            LOG.info(StartupRecovery.start(journal, engine, intake, owner, scheduler, () -> {
                recovered.set(true);
                LOG.info("start-up recovery ended");
            }));
            if (table.name() != null) {
                // a dead replica's runs are continued within its lease plus one scan, whatever the queue's backlog
                intake.takeOverEvery(Leases.DEFAULT_TTL.dividedBy(3));
                LOG.info("taking over the runs of dead replicas from the shared journal every "
                        + Leases.DEFAULT_TTL.dividedBy(3).toSeconds() + " s (lease " + Leases.DEFAULT_TTL.toSeconds() + " s)");
            }
            Health health = new Health().scheduler(scheduler, Duration.ofSeconds(10))
                    // a flush alone completes without the store when nothing is queued: read too, so a table
                    // deleted or a DynamoDB endpoint gone fails the check
                    .check("journal", () -> journal.flush().thenCompose(v -> journal.history("fleetops:health-probe")));
            for (SqsSource.Settings s : cfg.sqs()) health.queue(session.cloud().sqs(), s.queueUrl());
            for (var t : stores.tables()) health.check("table " + t.name(), () -> t.client().describeTable(b -> b.tableName(t.name())));
            HttpIntake http = null;
            if (cfg.http().isPresent()) {
                ObjectNode flags = Json.object().put("owner", owner).put("store", storeDir.toString())
                        .put("idempotency", stores.shared() ? "dynamodb" : "local").put("single-consumer-only", singleConsumerOnly);
                http = new HttpIntake(cfg.http().get().listen(), intake, Optional.of(cfg.http().get().token()),
                        metrics, () -> true, dispatch, Optional.of(journal.inbox().without(SQS_INBOX)), flags::deepCopy);
                http.health(health, () -> recovered.get() && sources.stream().allMatch(SqsSource::polling));
                // the live page on the intake's port, behind its token (docs/ui.md)
                FleetUi ui = FleetUi.start(new FleetUi.Sources(session.cloud(), runbooks.store(), Optional.of(journal),
                        Optional.of(cfg.http().get().token()), Duration.ofSeconds(1)));
                ui.watch(engine.events());
                intake.events().onEvent(ui.intakeListener());
                uiLeases.to(ui);
                http.mount(ui::mount);
                int pending = http.handlePending();
                if (pending > 0) LOG.info("handling {} event(s) the inbox still held (accepted before a stop)", pending);
                LOG.info("listening on http://{}:{} (POST /events, GET /metrics, GET /healthz, GET /readyz, the live page at /ui/)",
                        cfg.http().get().listen().getHostString(), http.port());
            }
            scheduler.schedule(Duration.ofMinutes(10), new Runnable() {
                @Override
                public void run() {
                    intake.gc(); // keeps the idempotency store bounded: finished entries expire
                    scheduler.schedule(Duration.ofMinutes(10), this);
                }
            });
            schedulePeriodicWork(intake, acting, scheduler);
            LOG.info(String.format(Locale.ROOT, "%d rules, %d SQS queue(s)%s", intake.rules().size(), sources.size(),
                    cfg.bus() ? ", the simulator's bus" : ""));
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(cfg.shutdownGrace().toSeconds() + 10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "fleetops-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (sim) {
                VirtualScheduler time = session.virtualTime();
                java.time.Instant end = runFor == null ? null : time.now().plus(runFor);
                while (stop.getCount() > 0 && (end == null || time.now().isBefore(end))) {
                    settle(journal, journalCallbacks);
                    Runnable t;
                    while ((t = simTasks.poll()) != null) t.run();
                    time.runFor(Duration.ofMillis(100));
                    if (runFor == null) stop.await(100, TimeUnit.MILLISECONDS); // real pace only when open-ended
                }
            } else {
                if (runFor == null) stop.await();
                else stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (http != null) {
                http.stopAccepting();
                drain(http, sim ? session.virtualTime() : null, simTasks, cfg.shutdownGrace());
            }
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (SqsSource s : sources) stops.add(s.stop(cfg.shutdownGrace()));
            session.await(CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)), cfg.shutdownGrace().plusSeconds(30));
            if (http != null) http.close();
            if (pool != null) pool.shutdown();
            journal.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
            out.print(metrics.render());
            out.flush();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for 'stopped'
            }
            return ExitCodes.OK;
        } finally {
            journalCallbacks.shutdown();
        }
    }

    /**
     * What {@code serve} says, loudly, when its SQS queues may have competing consumers it cannot coordinate with
     * (the "refuse to start as competing consumers, or warn loudly"; a second serve on the same --store is
     * refused by the store's lock): keys in the local store, or keys shared but the journal local, so a redelivered
     * event another replica handles would not find this replica's run and could act twice. Empty when the keys and
     * the journal are both shared, or there is no queue.
     */
    static Optional<String> singleConsumerWarning(ServeConfig cfg, boolean sharedKeys, boolean sharedJournal, Path storeDir) {
        if (cfg.sqs().isEmpty() || (sharedKeys && sharedJournal)) return Optional.empty();
        String queues = cfg.sqs().size() == 1 ? "this queue" : "these queues";
        if (!sharedKeys) {
            return Optional.of("the idempotency keys are in the local store " + storeDir
                    + ", which supports one consumer: run no other replica on " + queues
                    + " (on another machine it would act twice on redelivered events); several replicas share the keys in "
                    + "DynamoDB (idempotency: dynamodb-table:, docs/events.md) and the journal (--table NAME)");
        }
        return Optional.of("the journal is in the local store " + storeDir + " while the idempotency keys are shared: another "
                + "replica on " + queues + " that gets an event again after this one died would not find its run and could act "
                + "twice, and this replica's runs are taken over only when it restarts; share the journal too (--table NAME, "
                + "docs/events.md)");
    }

    /**
     * On the simulator, virtual time must not run ahead of the journal (its clock does not wait for the disk):
     * before each step, what was appended is made durable and the callbacks it caused (recovery's next steps among
     * them) have run (docs/journal.md, "Threads, durability and virtual time").
     */
    private static void settle(Journal journal, ExecutorService callbacks) throws Exception {
        journal.flush().toCompletableFuture().get(30, TimeUnit.SECONDS);
        callbacks.submit(() -> { }).get(30, TimeUnit.SECONDS);
    }

    /**
     * Lets the HTTP intake's accepted events finish within {@code grace} (real time); what is left stays in the
     * inbox and is handled at the next start. On the simulator the handlers run on this thread, so virtual time
     * goes on while they finish.
     */
    private static void drain(HttpIntake http, VirtualScheduler time, ConcurrentLinkedQueue<Runnable> simTasks,
                              Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        CompletableFuture<Void> drained = http.drain();
        if (time != null) {
            while (!drained.isDone() && System.nanoTime() < deadline) {
                Runnable t;
                while ((t = simTasks.poll()) != null) t.run();
                time.runFor(Duration.ofMillis(100));
            }
        } else {
            try {
                drained.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
                // reported below
            }
        }
        if (http.inFlight() > 0) {
            LOG.warn("{} accepted event(s) not finished within the shutdown grace; they stay in the inbox and are handled "
                    + "at the next start", http.inFlight());
        }
    }

    /**
     * Handlers with work on a schedule (decommission's inventory of live instances, spot-interruption's sweep of
     * leaked detached instances) tick at their interval; a failed tick is logged and the next one still runs.
     */
    static void schedulePeriodicWork(Intake intake, dev.fleetops.cloud.Cloud cloud, Scheduler scheduler) {
        for (var rule : intake.rules().rules()) {
            if (!(rule.handler() instanceof dev.fleetops.events.spi.Periodic p) || p.interval().isZero()) continue;
            scheduler.schedule(Duration.ZERO, new Runnable() {
                @Override
                public void run() {
                    p.tick(cloud).whenComplete((summary, error) -> {
                        if (error == null) LOG.atInfo().addKeyValue("rule", rule.name()).log(rule.name() + ": " + summary);
                        else LOG.atWarn().addKeyValue("rule", rule.name()).log(rule.name() + ": periodic work failed: " + error.getMessage());
                        scheduler.schedule(p.interval(), this);
                    });
                }
            });
        }
    }
}

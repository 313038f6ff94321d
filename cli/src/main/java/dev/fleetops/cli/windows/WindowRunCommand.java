package dev.fleetops.cli.windows;

import dev.fleetops.cli.common.JournalTable;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.common.DurationConverter;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cli.common.JournalStores;
import dev.fleetops.journal.Journal;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.runbook.engine.Recovery;
import dev.fleetops.windows.WindowJournal;
import dev.fleetops.runbook.engine.ExecutionIds;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.windows.MaintenanceWindow;
import dev.fleetops.windows.WindowExecution;
import dev.fleetops.windows.WindowReader;
import dev.fleetops.windows.WindowRunner;
import dev.fleetops.windows.WindowSchedule;
import dev.fleetops.windows.WindowStatus;
import dev.fleetops.windows.WindowTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(addMethodSubcommands = false, name = "run", mixinStandardHelpOptions = true,
        header = "Fire a maintenance window and report each occurrence.",
        description = {"Creates the window now and fires its schedule: on the simulator in virtual time (a week of",
                "windows takes seconds), on AWS (--cloud aws) in real time. Each occurrence resolves the targets,",
                "runs the tasks by priority (0 first, equal priorities together) with their MaxConcurrency and",
                "MaxErrors, starts no task after start + Duration - Cutoff, and is printed when it ends.",
                "Without --for, runs until the first occurrence ends.",
                "Exit 0 when every occurrence reported SUCCESS, 1 otherwise, 2 for a bad window file."},
        footer = {"", "Examples:",
                "  fleetops window run examples/windows/patch-web.yaml --docs my-runbooks/",
                "  fleetops window run nightly.yaml --for 7d -o json | jq '.[].Status'",
                "  fleetops window run nightly.yaml --scenario web --seed 7 --for 2d"})
public final class WindowRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The window file (YAML or JSON).")
    Path file;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to keep the window scheduled, e.g. 1d, 7d, 12h (default: until the first occurrence ends).")
    Duration duration;

    @Option(names = "--docs", converter = dev.fleetops.cli.common.PathOptions.ExistingDirectory.class, paramLabel = "DIR",
            description = "Runbooks by name (NAME.yaml/.json) for AUTOMATION tasks and their child runs"
                    + " (default: the folder of the task's document file; then SSM).")
    Path docs;

    @Option(names = "--store", converter = dev.fleetops.cli.common.PathOptions.StoreDirectory.class, paramLabel = "DIR",
            description = "Journal the window run in DIR/journal.db, for fleetops recover (default with --cloud aws: ~/.fleetops;"
                    + " on the simulator only when given).")
    Path store;

    @Mixin
    JournalTable table;

    /** Virtual time allowed for "until the first occurrence ends": a yearly window fits. */
    static final Duration FIRST_OCCURRENCE_LIMIT = Duration.ofDays(400);

    @Override
    public Integer call() {
        GlobalOptions g = GlobalOptions.of(spec);
        if (duration != null && (duration.isZero() || duration.isNegative())) throw new UsageError("--for must be positive");
        MaintenanceWindow window = WindowReader.read(file);
        try (Session session = Session.open(g)) {
            session.settle();
            // as run: a simulated region lives in its process only, so its runs are journaled when a store is named
            Journal journal = session.simulated() && store == null && table.name() == null ? null
                    : JournalStores.open(store, table.name(), session.cloud(), session.simulated(), g);
            try {
                return run(g, session, window, journal);
            } finally {
                if (journal != null) journal.close();
            }
        }
    }

    private Integer run(GlobalOptions g, Session session, MaintenanceWindow window, Journal journal) {
        {
            RunbookEngine engine = engine(session, g, window, docs, journal);
            // random on the simulator too: runs with the same seed must not share execution ids
            Supplier<String> ids = ExecutionIds.random()::next;
            WindowRunner runner = WindowRunner.on(session.cloud(), engine, ids);
            WindowJournal journaled = null;
            if (journal != null) {
                String content = readContent();
                journaled = session.await(WindowJournal.begin(journal, ids.get(), Owners.thisProcess(), session.cloud().scheduler(),
                        window.name(), file.toString(), content, file.toAbsolutePath().getParent().toString(),
                        Optional.ofNullable(duration)), Duration.ofMinutes(1));
                runner.journaled(journaled, (plan, id, parent) -> Recovery.resumeParent(engine, plan, id, parent), 0);
            }
            List<WindowExecution> reports = new ArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            PrintWriter out = spec.commandLine().getOut();
            WindowSchedule schedule = new WindowSchedule(session.cloud().scheduler(), runner, window, e -> {
                reports.add(e);
                if (!g.structured()) WindowText.print(out, reports.size(), e);
                if (duration == null) done.complete(null);
            });
            Instant created = session.cloud().scheduler().now();
            Optional<Instant> first = schedule.start();
            if (!g.structured()) {
                out.printf(Locale.ROOT, "window %s (%s, %s), created %s: first occurrence %s%n", window.name(), window.schedule().text(),
                        window.zone(), created, first.map(Instant::toString).orElse("none"));
            }
            if (duration != null) {
                session.cloud().scheduler().delay(duration).thenRun(() -> done.complete(null));
            } else if (first.isEmpty()) {
                done.complete(null);
            }
            session.await(done, duration != null ? duration.plusMinutes(1) : FIRST_OCCURRENCE_LIMIT);
            schedule.stop();
            if (journaled != null) {
                // an occurrence still running stays open in the journal: fleetops recover finishes it
                if (schedule.running()) journaled.close();
                else session.await(journaled.end(reports), Duration.ofMinutes(1));
                if (!g.structured()) out.printf(Locale.ROOT, "window run %s journaled%n", journaled.executionId());
            }
            if (g.structured()) {
                Output.print(g, out, reports);
            } else {
                out.printf(Locale.ROOT, "%d occurrence(s) reported%s%n", reports.size(),
                        schedule.running() ? "; one was still running when the run ended" : "");
            }
            return reports.stream().allMatch(e -> e.status() == WindowStatus.SUCCESS) ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /**
     * The runbook engine for AUTOMATION tasks, over the session's cloud: documents by path, by name in --docs
     * (default: the folder of the first AUTOMATION task's document file), then in SSM.
     */
    static RunbookEngine engine(Session session, GlobalOptions g, MaintenanceWindow window, Path docs, Journal journal) {
        RunbookEngine.Builder b = RunbookEngine.builder(session.cloud())
                .seed(g.seed == null ? SimRegion.DEFAULT_SEED : g.seed);
        if (journal != null) b.journal(journal, Owners.thisProcess());
        Path dir = docs;
        if (dir == null) {
            for (WindowTask t : window.tasks()) {
                if (t.type() == WindowTask.Type.AUTOMATION && Files.isRegularFile(Path.of(t.taskArn()))) {
                    dir = Path.of(t.taskArn()).getParent();
                    break;
                }
            }
        } else if (!Files.isDirectory(dir)) {
            throw new UsageError("--docs " + dir + ": no such directory");
        }
        if (dir != null) b.docs(dir);
        return b.build();
    }

    private String readContent() {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new UsageError(file + ": cannot be read: " + e.getMessage());
        }
    }
}

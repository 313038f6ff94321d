package dev.fleetops.cli.apply;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.runbook.RunbookSession;

import dev.fleetops.cli.common.DurationConverter;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.session.Session;
import dev.fleetops.reconcile.EventSource;
import dev.fleetops.reconcile.FleetFile;
import dev.fleetops.reconcile.Kinds;
import dev.fleetops.execution.RunbookRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(addMethodSubcommands = false, name = "apply", mixinStandardHelpOptions = true,
        header = "Bring a fleet to the state its fleet file declares, and (--watch) keep it there.",
        description = {"Reads FLEET (resources of the kinds docs/apply.md lists, with requires: edges), checks",
                "every resource and fixes what differs, independent resources at once, each",
                "after what it requires. Prints each change (or, with --noop, what would change) and a summary.",
                "Watches are EC2 state-change events (on the simulator: its EventBridge bus); without events",
                "(--cloud aws, for now) resources are checked every 30 s. Converged = every resource idle for",
                "--converged-timeout. Exit 0 converged, 1 some resource failed, 2 bad file or usage.",
                "--noop checks each resource once (after what it requires) and ends, for CI: exit 0 no changes,",
                "4 changes pending, 1 some check failed."},
        footer = {"", "Examples:",
                "  fleetops apply examples/fleets/web-fleet.yaml",
                "  fleetops apply examples/fleets/web-fleet.yaml --noop",
                "  fleetops apply examples/fleets/web-fleet.yaml --report apply.html",
                "  fleetops apply examples/fleets/web-fleet.yaml --watch --for 30m --sim-stop web-1@10m",
                "  fleetops apply my-fleet.yaml -o json"})
public final class ApplyCommand implements Callable<Integer> {

    @Option(names = "--docs", converter = dev.fleetops.cli.common.PathOptions.ExistingDirectory.class, paramLabel = "DIR", description = "Directory of SSM documents for runbook resources.")
    Path docs;

    @Option(names = "--events-queue", paramLabel = "URL", description = "AWS: an SQS queue an EventBridge rule feeds with "
            + "EC2 state-change events; watches then react to events instead of polling every 30 s.")
    String eventsQueue;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FLEET", description = "The fleet file (YAML or JSON).")
    Path file;

    @Option(names = "--noop", description = "Check only: one plan of what differs, nothing changed; exit 0 no changes, "
            + "4 changes pending, 1 error (as terraform plan -detailed-exitcode).")
    boolean noop;

    @Option(names = "--watch", description = "After converging, keep the fleet converged, printing each drift and repair.")
    boolean watch;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --watch: how long (virtual time on the simulator, where it is required).")
    Duration watchFor;

    @Option(names = "--converged-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Converged once every resource has been idle this long. Default: 30s.")
    Duration convergedTimeout = Duration.ofSeconds(30);

    @Option(names = "--sim-stop", paramLabel = "NAME@DURATION",
            description = "Simulator only: stop the instance named NAME out of band at that virtual time (shows a drift"
                    + " and its repair). Repeatable.")
    List<String> simStops = new ArrayList<>();

    @Option(names = "--report", converter = dev.fleetops.cli.common.PathOptions.ReportFile.class, paramLabel = "FILE.html",
            description = "Write a self-contained HTML report: each resource's state over time, changes, errors.")
    Path report;

    @Override
    public Integer call() {
        GlobalOptions g = GlobalOptions.of(spec);
        if (watchFor != null && !watch) throw new UsageError("--for applies to --watch only");
        FleetFile fleet = Kinds.reader().read(file);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = Session.open(g)) {
            if (watch && watchFor == null && session.simulated()) {
                throw new UsageError("--watch on the simulator needs --for DURATION (virtual time must end)");
            }
            if (!simStops.isEmpty() && !session.simulated()) throw new UsageError("--sim-stop applies to --cloud sim only");
            RunbookRunner runner = RunbookSession.open(session, docs, null, false, null).engine();
            if (eventsQueue != null && session.simulated()) {
                throw new UsageError("--events-queue applies to --cloud aws (the simulator's own bus is used)");
            }
            QueueEvents queue = eventsQueue != null ? new QueueEvents(session.cloud(), eventsQueue) : null;
            Optional<EventSource> events = session.simulated() ? Optional.of(new SimEvents(session.region()))
                    : Optional.ofNullable(queue);
            if (events.isEmpty()) err.println("fleetops: no --events-queue: resources are polled every 30 s");
            for (String s : simStops) {
                String name = s.lastIndexOf('@') > 0 ? s.substring(0, s.lastIndexOf('@')) : s;
                if (s.lastIndexOf('@') > 0 && fleet.resources().stream().noneMatch(r -> r.name().equals(name))) {
                    throw new UsageError("--sim-stop " + s + ": no resource named '" + name + "' in " + fleet.file());
                }
                OutOfBand.stopAt(session.region(), s);
            }
            Duration maxWait = Duration.ofHours(1);
            Optional<Duration> forD = watch ? Optional.of(watchFor != null ? watchFor : Duration.ofDays(3650)) : Optional.empty();
            var options = new ApplyRun.Options(noop, forD, convergedTimeout, maxWait);
            var start = session.cloud().scheduler().now();
            ApplyRun.Finished o;
            try {
                o = ApplyRun.run(fleet, session.cloud(), events, runner, g.seed == null ? 1 : g.seed, options, l -> {
                    if (!g.structured()) ApplyReport.live(l, start, out);
                }, session::await);
            } finally {
                if (queue != null) queue.close();
            }
            if (report != null) {
                try {
                    ApplyPage.of(o).write(report);
                } catch (java.io.IOException e) {
                    throw new UsageError("--report " + report + ": cannot write: " + e.getMessage());
                }
                if (!g.structured()) err.println("report: " + report.toAbsolutePath());
            }
            if (g.structured()) Output.print(g, out, ApplyReport.json(o));
            else ApplyReport.summary(o, out);
            if (noop && !watch) {
                if (o.failed() || o.plannedAt().isEmpty()) return ExitCodes.FAILED;
                return o.changesPending() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
            }
            return o.failed() || o.convergedAt().isEmpty() ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }
}

package dev.fleetops.cli.wait;

import dev.fleetops.cli.common.JournalTable;
import dev.fleetops.cli.common.JournalStores;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.common.DurationConverter;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.session.Session;
import dev.fleetops.journal.Journal;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.waiters.EventTrigger;
import dev.fleetops.waiters.InstanceChecks;
import dev.fleetops.waiters.firstready.FirstReady;
import dev.fleetops.waiters.firstready.FirstReadyResult;
import dev.fleetops.waiters.firstready.Setup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

@Command(addMethodSubcommands = false, name = "first-ready", mixinStandardHelpOptions = true,
        header = "Wait for the first instance of an Auto Scaling group to pass its status checks, then set it up.",
        description = {"Watches every instance of the group at once (one DescribeInstanceStatus call per 100",
                "instances per poll, IncludeAllInstances), returns the first whose checks pass, fails fast when",
                "every instance has become unable to pass (terminated, stopped, impaired), and stops all polling",
                "at once. Then optionally terminates the others in one call and runs a setup command on the",
                "winner through SSM Run Command, following it to its end.",
                "",
                "Polling starts at once, then every 15 s growing to 120 s with jitter (the EC2 waiter model's",
                "delays); on the simulator an EC2 state-change event about a watched instance polls at once.",
                "Progress goes to stderr; the result to stdout."},
        footer = {"", "Exit codes: 0 a winner (and its setup succeeded); 1 none became ready, or the setup failed;",
                "2 usage error (bad option, unknown group, a setup document that is missing or cannot run here):",
                "nothing was touched.",
                "", "Examples:",
                "  fleetops wait first-ready --asg asg-launch --scenario asg-launch --scenario-param size=100",
                "  fleetops wait first-ready --asg asg-launch --scenario asg-launch --then-command 'systemctl start app' "
                        + "--on-losers terminate",
                "  fleetops wait first-ready --asg web --checks system --then-document Bootstrap -p Env=prod -o json",
                "  fleetops --cloud aws --endpoint-url http://127.0.0.1:5000 wait first-ready --asg my-group --timeout 5m"})
public final class FirstReadyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--asg", required = true, paramLabel = "NAME", description = "The Auto Scaling group to watch.")
    String group;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up waiting for a ready instance after this long (default: 10m).")
    Duration timeout = Duration.ofMinutes(10);

    @Option(names = "--checks", paramLabel = "instance,system",
            description = "Status checks that must be ok: instance, system, both (default), or none (running is enough).")
    String checks = "instance,system";

    @Option(names = "--then-command", paramLabel = "SCRIPT",
            description = "Shell script to run on the winner (AWS-RunShellScript).")
    String thenCommand;

    @Option(names = "--then-document", paramLabel = "DOC", description = "Command document to run on the winner.")
    String thenDocument;

    @Option(names = "-p", paramLabel = "NAME=VALUE",
            description = "A parameter of --then-document, as run's -p (NAME=a,b a list); repeat it, values of one name add up.")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--on-losers", paramLabel = "keep|terminate",
            description = "What to do with the other instances once a winner is known (default: keep).")
    FirstReady.OnLosers onLosers = FirstReady.OnLosers.KEEP;

    @Option(names = "--store", converter = dev.fleetops.cli.common.PathOptions.StoreDirectory.class, paramLabel = "DIR",
            description = "The journal's directory (journal.db), as for run: the wait is journaled there so that fleetops "
                    + "recover can take it up after a crash. Default: ~/.fleetops on AWS; on the simulator only when given.")
    Path store;

    @Mixin
    JournalTable table;

    @Override
    public Integer call() {
        GlobalOptions g = GlobalOptions.of(spec);
        FirstReady.Request request = request();
        try (Session session = Session.open(g)) {
            // a simulated region lives in its process only: its waits are journaled when a store is named
            Journal journal = session.simulated() && store == null && table.name() == null ? null
                    : JournalStores.open(store, table.name(), session.cloud(), session.simulated(), g);
            try {
                return run(session, g, request, spec.commandLine().getOut(), spec.commandLine().getErr(), journal);
            } finally {
                if (journal != null) journal.close();
            }
        }
    }

    /** The command on an open session (tests give one on a region they count calls of). */
    int run(Session session, GlobalOptions g, FirstReady.Request request, PrintWriter out, PrintWriter err) {
        return run(session, g, request, out, err, null);
    }

    /** @param journal where the wait is journaled; null: nowhere */
    int run(Session session, GlobalOptions g, FirstReady.Request request, PrintWriter out, PrintWriter err, Journal journal) {
        // the whole plan before any instance is touched: the group is checked first thing by FirstReady
        if (request.setup() instanceof Setup.Document document) SetupPlan.check(session, document);
        Instant start = session.cloud().scheduler().now();
        if (session.simulated()) {
            request = request.withTrigger(EventTrigger.eventBridge(session.region().context().bus()::subscribe));
        }
        Random random = g.seed != null ? new Random(g.seed) : session.simulated() ? new Random(42) : new Random();
        java.util.function.Consumer<String> progress = line -> err.printf(Locale.ROOT, "[+%s] %s%n",
                clock(Duration.between(start, session.cloud().scheduler().now())), line);
        FirstReady run = journal == null ? FirstReady.start(session.cloud(), random, request, progress)
                : FirstReady.start(session.cloud(), random, request, progress,
                new FirstReady.Journaling(journal, Owners.thisProcess(), Owners::deadOnThisHost));
        FirstReadyResult result;
        try {
            result = session.await(run.result(), request.timeout().plus(request.setupTimeout()).plusMinutes(5));
        } catch (CompletionException e) {
            if (e.getCause() instanceof FirstReady.NoSuchGroup n) throw new UsageError(n.getMessage());
            throw e;
        } catch (FirstReady.NoSuchGroup n) {
            throw new UsageError(n.getMessage());
        }
        if (g.structured()) Output.print(g, out, FirstReadyOutput.json(result));
        else FirstReadyOutput.text(result, out);
        return result.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    FirstReady.Request request() {
        if (timeout.isZero() || timeout.isNegative()) throw new UsageError("--timeout must be positive");
        Set<InstanceChecks.Check> parsed;
        try {
            parsed = InstanceChecks.parse(checks);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--checks: " + e.getMessage());
        }
        if (thenCommand != null && thenDocument != null) {
            throw new UsageError("--then-command and --then-document exclude each other: give one");
        }
        if (!parameters.isEmpty() && thenDocument == null) {
            throw new UsageError("-p NAME=VALUE goes with --then-document");
        }
        if (thenCommand != null && thenCommand.isBlank()) throw new UsageError("--then-command is empty");
        Setup setup = null;
        if (thenCommand != null) setup = new Setup.Script(thenCommand);
        if (thenDocument != null) setup = new Setup.Document(thenDocument, params());
        return FirstReady.Request.of(group, timeout).withChecks(parsed).withSetup(setup).withOnLosers(onLosers);
    }

    private Map<String, List<String>> params() {
        return dev.fleetops.cli.common.RunParameters.parse(parameters, List.of());
    }

    static String clock(Duration d) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}

package dev.fleetops.cli.demo;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.report.RunReport;
import dev.fleetops.cli.runbook.RunbookSession;
import dev.fleetops.cli.session.Session;
import dev.fleetops.execution.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(addMethodSubcommands = false, name = "demo",
        header = "The zero-downtime experiment of seed 004, as one command, on the simulated region.",
        description = {"On the built-in web scenario (three instances behind an ALB, health checks every 6 s,",
                "thresholds 2), with requests at 2 per second through the ALB (the seed's curl loop), it runs the",
                "plain reboot document (RebootWithHealthcheck) on one instance, then the graceful document",
                "(RebootInstanceGraceful: drain, reboot, register back) on another, and prints them side by side.",
                "It writes an HTML report with each instance's target state and the request outcomes over time,",
                "where the 502s land while the rebooting instance is still routed, and none with the graceful one."},
        footer = {"", "Examples:", "  fleetops demo", "  fleetops demo --report /tmp/demo.html --seed 7",
                "  fleetops demo -o json | jq '.[].Traffic'"})
public final class DemoCommand implements Callable<Integer> {

    static final String PLAIN = "RebootWithHealthcheck";
    static final String GRACEFUL = "RebootInstanceGraceful";

    @Spec
    CommandSpec spec;

    @Option(names = "--report", converter = dev.fleetops.cli.common.PathOptions.ReportFile.class, paramLabel = "FILE.html", description = "Where to write the report (default: fleetops-demo.html).")
    Path report = Path.of("fleetops-demo.html");

    @Option(names = "--traffic", paramLabel = "RPS", description = "Requests per second through the ALB (default: 2, the seed's loop).")
    double traffic = 2;

    @Override
    public Integer call() throws IOException {
        GlobalOptions g = GlobalOptions.of(spec);
        if (g.cloud == GlobalOptions.CloudKind.aws) throw new UsageError("the demo runs on the simulator only (--cloud sim)");
        if (!g.scenario.equals("web")) throw new UsageError("the demo runs on the built-in web scenario; use fleetops run for others");
        if (!(traffic > 0)) throw new UsageError("--traffic must be a positive number of requests per second");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path work = Files.createTempDirectory("fleetops-demo");
        Path docs = extractDocuments(work.resolve("runbooks"));
        try (Session session = Session.open(g)) {
            if (!g.structured()) err.println("demo: starting the web scenario (3 instances behind web-alb, checks every 6 s)...");
            session.settle();
            RunbookSession runs = RunbookSession.open(session, docs, work.resolve("executions"), true, g.structured() ? null : err);
            if (!g.structured()) err.println("demo: 1/2 plain reboot of one instance, " + traffic + " requests/s through the ALB");
            RunbookSession.Outcome plain = runs.run(PLAIN,
                    Map.of("InstanceIds", resolve(session, List.of("@instance:web:0"))), traffic, true);
            session.settle(); // as an operator would: the group is healthy again before the next maintenance
            if (!g.structured()) err.println("demo: 2/2 graceful reboot of another instance");
            RunbookSession.Outcome graceful = runs.run(GRACEFUL, Map.of(
                    "InstanceId", resolve(session, List.of("@instance:web:1")),
                    "TargetGroupArn", resolve(session, List.of("@target-group:web-tg"))), traffic, true);
            RunReport.page("fleetops demo: a reboot behind an ALB, plain and graceful",
                    List.of(plain.asReportRun("plain reboot"), graceful.asReportRun("graceful reboot"))).write(report);
            if (g.structured()) {
                Output.print(g, out, List.of(plain.record(), graceful.record()));
            } else {
                DemoText.print(plain.record(), graceful.record(), out);
                out.println();
                out.println("Report: " + report.toAbsolutePath());
            }
            boolean ok = plain.record().status() == Status.Success && graceful.record().status() == Status.Success;
            return ok ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private static List<String> resolve(Session session, List<String> values) {
        return RunbookSession.resolveReferences(session, values);
    }

    /** The two documents, as shipped under examples/runbooks, from the jar into a --docs directory. */
    static Path extractDocuments(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : List.of(PLAIN, GRACEFUL)) {
            try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/runbooks/" + name + ".yaml")) {
                if (in == null) throw new IllegalStateException("demo document " + name + " missing from the build");
                Files.copy(in, dir.resolve(name + ".yaml"));
            }
        }
        return dir;
    }
}

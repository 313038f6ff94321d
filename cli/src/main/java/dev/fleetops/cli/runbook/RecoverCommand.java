package dev.fleetops.cli.runbook;

import dev.fleetops.cli.common.JournalTable;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.session.Session;
import dev.fleetops.execution.Status;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.runbook.engine.Recovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fleetops recover}: finishes every runbook execution the journal holds that no live owner runs (see
 * docs/recovery.md).
 */
@Command(addMethodSubcommands = false, name = "recover",
        header = "Finish the executions (runbooks, window runs, first-ready waits) a crashed process left in the journal.",
        description = {"Takes every open execution whose lease expired or whose owner process is dead on this host,",
                "and runs it on: steps that ended are not run again (their outputs are restored), the interrupted",
                "step runs again with the same call tokens, onFailure/onCancel paths run as the document says.",
                "Exit 0 when every recovered execution ended Success (or there was none), 1 otherwise,",
                "2 for a store that is not a fleetops journal this version reads."},
        footer = {"", "Examples:",
                "  fleetops recover",
                "  fleetops recover --store /tmp/runs -o json   (the --store the run was given)"})
public final class RecoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--store", converter = dev.fleetops.cli.common.PathOptions.StoreDirectory.class, paramLabel = "DIR", description = "The journal's directory (journal.db). Default: ~/.fleetops.")
    Path store;

    @Mixin
    JournalTable table;

    @Option(names = "--docs", converter = dev.fleetops.cli.common.PathOptions.ExistingDirectory.class, paramLabel = "DIR", description = "Directory of documents the executions ran (as given to run).")
    Path docs;

    @Override
    public Integer call() {
        GlobalOptions g = GlobalOptions.of(spec);
        try (Session session = Session.open(g)) {
            PrintWriter out = spec.commandLine().getOut();
            var given = table.name() == null ? null : dev.fleetops.cli.common.JournalStores.open(store, table.name(), session.cloud(), session.simulated(), g);
            RunbookSession runs = RunbookSession.open(session, docs, store, false, null, null, given);
            try (runs) {
                return recover(g, session, runs, out);
            }
        }
    }

    private Integer recover(GlobalOptions g, Session session, RunbookSession runs, PrintWriter out) {
        {
            var journal = runs.journal().orElseThrow(() -> new UsageError(
                    "on the simulator give --store DIR or --table NAME (the journal the run was given): a simulated region lives in its process only"));
            List<Recovery.Outcome> outcomes = session.await(
                    Recovery.recoverAll(runs.engine(), journal, Owners.thisProcess()), RunbookRunCommand.maxWait());
            boolean allSucceeded = true;
            List<Map<String, Object>> json = new ArrayList<>();
            for (Recovery.Outcome o : outcomes) {
                String status = o.record().map(r -> r.status().name()).orElse("Skipped");
                if (o.record().isEmpty() || o.record().get().status() != Status.Success) allSucceeded = false;
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("AutomationExecutionId", o.executionId());
                j.put("DocumentName", o.document());
                j.put("Status", status);
                o.skipped().ifPresent(s -> j.put("Skipped", s));
                o.record().flatMap(r -> r.failureMessage()).ifPresent(m -> j.put("FailureMessage", m));
                json.add(j);
                if (!g.structured()) {
                    out.println(o.executionId() + " " + o.document() + ": " + status
                            + o.skipped().map(s -> " (" + s + ")").orElse("")
                            + o.record().flatMap(r -> r.failureMessage()).map(m -> ": " + m).orElse(""));
                }
            }
            // ---- first-ready waits and handler runs: owned by cli/wait (FirstReadyRecovery), their one place here ----
            int before = json.size();
            allSucceeded &= dev.fleetops.cli.wait.FirstReadyRecovery.recover(session, journal, out,
                    spec.commandLine().getErr(), g.structured(), json);
            // ---- end of first-ready waits and handler runs ----
            allSucceeded &= dev.fleetops.cli.windows.WindowRecoveries.recover(session, g, journal, docs, out, json);
            boolean none = outcomes.isEmpty() && json.size() == before;
            if (g.structured()) Output.print(g, out, Map.of("Recovered", json));
            else if (none) out.println("nothing to recover: no open execution in the journal");
            return allSucceeded ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}

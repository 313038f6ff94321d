package dev.fleetops.cli.runbook;

import dev.fleetops.cli.report.AutomationExecutionJson;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.json.Json;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.action.control.Decision;
import dev.fleetops.runbook.action.control.Signal;
import dev.fleetops.runbook.engine.ExecutionStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code fleetops resume}: SSM SendAutomationSignal for a run waiting in another terminal. The signal is left in
 * the execution store; the waiting run (aws:approve, aws:pause) picks it up and goes on.
 */
@Command(addMethodSubcommands = false, name = "resume",
        header = "Approve or reject a run waiting at aws:approve (or resume one at aws:pause).",
        description = {"Leaves the decision in the execution store, where the waiting 'fleetops run' picks it up",
                "(SSM SendAutomationSignal). The signal is signed with your user name; aws:approve counts",
                "distinct approvers up to MinRequiredApprovals, and one rejection rejects.",
                "Exit 0 when the signal is left, 2 when the execution is unknown, already ended or not waiting",
                "for a signal (to finish a run whose process died, use 'fleetops recover')."},
        footer = {"", "Examples:",
                "  fleetops resume 57e1faba-6510-4204-b4ab-d143feb24055 --approve --comment 'change CHG-123 approved'",
                "  fleetops resume 57e1faba-6510-4204-b4ab-d143feb24055 --reject",
                "  fleetops resume EXECUTION --approve --store /tmp/runs   (the --store the run was given)"})
public final class ResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "EXECUTION", description = "The AutomationExecutionId of the waiting run.")
    String executionId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Decision decision;

    static final class Decision {
        @Option(names = "--approve", required = true, description = "Approve (aws:approve) or resume (aws:pause).")
        boolean approve;

        @Option(names = "--reject", required = true, description = "Reject: the approval step fails.")
        boolean reject;
    }

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why, kept with the signal in the record.")
    String comment;

    @Option(names = "--store", converter = dev.fleetops.cli.common.PathOptions.StoreDirectory.class, paramLabel = "DIR", description = "Where execution records live. Default: ~/.fleetops/executions.")
    Path store;

    @Override
    public Integer call() {
        // an id names a record in the store: path characters (../x, a/b) would reach outside it
        if (!executionId.matches("[A-Za-z0-9][A-Za-z0-9_.:-]*") || executionId.contains("..")) {
            throw new UsageError("EXECUTION '" + executionId + "' is not an execution id (expected an"
                    + " AutomationExecutionId such as 57e1faba-6510-4204-b4ab-d143feb24055)");
        }
        Path dir = store != null ? store : ExecutionStore.defaultDirectory();
        ExecutionStore executions = ExecutionStore.directory(dir);
        ExecutionRecord record = executions.load(executionId).orElseThrow(() -> new UsageError("no execution "
                + executionId + " in " + dir + (store == null ? " (give --store if the run was started with one)" : "")));
        if (record.status().terminal()) {
            throw new UsageError("execution " + executionId + " (" + record.documentName() + ") already ended "
                    + record.status() + "; there is nothing to resume");
        }
        if (record.status() != Status.Waiting && record.steps().stream().noneMatch(s -> s.status() == Status.Waiting)) {
            throw new UsageError("execution " + executionId + " (" + record.documentName() + ") is " + record.status()
                    + ", not waiting for a signal (aws:approve, aws:pause); nothing was sent. To finish an execution "
                    + "whose process died, use 'fleetops recover'");
        }
        Signal.Type type = decision.reject ? Signal.Type.Reject : Signal.Type.Approve;
        Signal signal = new Signal(type, Optional.empty(), System.getProperty("user.name", "unknown"),
                Optional.ofNullable(comment), Instant.now()); // real time: a person decided now
        executions.signal(executionId, signal);
        Optional<String> waiting = record.steps().stream().filter(s -> s.status() == Status.Waiting)
                .map(StepRecord::stepName).findFirst();
        PrintWriter out = spec.commandLine().getOut();
        if (GlobalOptions.of(spec).structured()) {
            // the execution as GetAutomationExecution shows it when the signal was sent; the signal beside it
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("SignalType", type.name());
            waiting.ifPresent(s -> j.put("StepName", s));
            j.put("By", signal.by());
            if (comment != null) j.put("Comment", comment);
            Output.print(GlobalOptions.of(spec), out, AutomationExecutionJson.of(record, "Signal", Json.tree(j)));
        } else {
            out.println(type + " sent to " + executionId + " (" + record.documentName()
                    + waiting.map(s -> ", waiting at step " + s).orElse(", not waiting yet: the next aws:approve or aws:pause takes it")
                    + ")");
        }
        return ExitCodes.OK;
    }
}

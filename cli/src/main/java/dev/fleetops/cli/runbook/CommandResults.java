package dev.fleetops.cli.runbook;

import dev.fleetops.cli.report.CommandInvocation;
import dev.fleetops.cli.session.Session;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-instance results of the commands a run sent (its aws:runCommand steps, and those of its children): SSM
 * ListCommandInvocations with details, as the console's "Targets and outputs" shows them. The step's own outputs
 * hold the first instance's only.
 */
final class CommandResults {

    private static final int OUTPUT_CHARS = 200;

    private CommandResults() { }

    static List<CommandInvocation> of(Session session, ExecutionRecord record) {
        List<CommandInvocation> out = new ArrayList<>();
        collect(session, record, out);
        return out;
    }

    private static void collect(Session session, ExecutionRecord record, List<CommandInvocation> out) {
        for (StepRecord s : record.steps()) {
            var id = s.outputs().get("CommandId");
            if ("aws:runCommand".equals(s.action()) && id != null && id.isTextual()) fetch(session, s.stepName(), id.asText(), out);
            for (ExecutionRecord child : s.children()) collect(session, child, out);
        }
    }

    /** Adds the command's invocations; none when SSM does not answer (the run's own record stands without them). */
    private static void fetch(Session session, String stepName, String commandId, List<CommandInvocation> out) {
        List<CommandInvocation> found = new ArrayList<>();
        try {
            page(session, stepName, commandId, found);
        } catch (RuntimeException e) {
            return;
        }
        out.addAll(found);
    }

    private static void page(Session session, String stepName, String commandId, List<CommandInvocation> out) {
        String token = null;
        do {
            String next = token;
            ListCommandInvocationsResponse r = session.await(session.cloud().ssm().listCommandInvocations(
                    b -> b.commandId(commandId).details(true).nextToken(next)), Duration.ofMinutes(1));
            for (var i : r.commandInvocations()) out.add(invocation(stepName, i));
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
    }

    private static CommandInvocation invocation(String stepName, software.amazon.awssdk.services.ssm.model.CommandInvocation i) {
        List<CommandPlugin> plugins = i.commandPlugins();
        CommandPlugin last = plugins.isEmpty() ? null : plugins.get(plugins.size() - 1);
        String output = plugins.stream().map(p -> p.output() == null ? "" : p.output().strip())
                .filter(o -> !o.isEmpty()).reduce((a, b) -> a + "\n" + b).orElse("");
        if (output.length() > OUTPUT_CHARS) output = output.substring(0, OUTPUT_CHARS - 3) + "...";
        return new CommandInvocation(stepName, i.commandId(), i.instanceId(),
                i.statusDetails() != null ? i.statusDetails() : i.statusAsString(),
                Optional.ofNullable(last).map(CommandPlugin::responseCode),
                plugins.isEmpty() ? Optional.ofNullable(i.requestedDateTime())
                        : Optional.ofNullable(plugins.get(0).responseStartDateTime()),
                Optional.ofNullable(last).map(CommandPlugin::responseFinishDateTime), output);
    }
}

package dev.fleetops.sim.ssm;

import software.amazon.awssdk.services.ssm.model.CloudWatchOutputConfig;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Commands and invocations as the SSM API shows them, with its output limits. */
final class CommandViews {

    /** GetCommandInvocation's StandardOutputContent / StandardErrorContent limits (API GetCommandInvocation). */
    static final int STDOUT_LIMIT = 24000;
    static final int STDERR_LIMIT = 8000;
    /** A plugin's Output in ListCommandInvocations (SSMA iohandler.go MaximumPluginOutputSize). */
    static final int PLUGIN_OUTPUT_LIMIT = 2500;
    static final String OUTPUT_TRUNCATED = "\n---Output truncated---";
    static final String ERROR_TRUNCATED = "\n---Error truncated----";
    private static final String ERROR_HEADER = "\n----------ERROR-------\n";

    private CommandViews() { }

    static Command command(SimCommand c) {
        SimCommand.Spec s = c.spec();
        long execution = 0;
        for (CommandDocument.Resolved step : s.steps()) execution += step.timeoutSeconds();
        return Command.builder()
                .commandId(s.commandId()).documentName(s.documentName()).documentVersion("$DEFAULT")
                .comment(s.comment()).parameters(s.parameters()).instanceIds(s.instanceIds()).targets(s.targets())
                .requestedDateTime(s.requested())
                .expiresAfter(s.requested().plusSeconds(s.timeoutSeconds() + execution))
                .status(c.status()).statusDetails(c.details())
                .maxConcurrency(s.maxConcurrency()).maxErrors(s.maxErrors())
                .targetCount(c.targetCount()).completedCount(c.completedCount()).errorCount(c.errorCount())
                .deliveryTimedOutCount(c.deliveryTimedOutCount()).timeoutSeconds(s.timeoutSeconds())
                .outputS3BucketName("").outputS3KeyPrefix("").serviceRole("")
                .cloudWatchOutputConfig(CloudWatchOutputConfig.builder().cloudWatchOutputEnabled(false).build())
                .build();
    }

    static CommandInvocation invocation(Invocation i, boolean details) {
        SimCommand.Spec s = i.command.spec();
        CommandInvocation.Builder b = CommandInvocation.builder()
                .commandId(s.commandId()).instanceId(i.instanceId).instanceName("").comment(s.comment())
                .documentName(s.documentName()).documentVersion("$DEFAULT").requestedDateTime(s.requested())
                .status(i.status).statusDetails(i.details).traceOutput("").standardOutputUrl("")
                .standardErrorUrl("")
                .cloudWatchOutputConfig(CloudWatchOutputConfig.builder().cloudWatchOutputEnabled(false).build());
        if (details) {
            List<CommandPlugin> plugins = new ArrayList<>(i.plugins.size());
            for (Invocation.Plugin p : i.plugins) {
                plugins.add(CommandPlugin.builder().name(p.name).status(p.status).statusDetails(p.details)
                        .responseCode(p.responseCode).responseStartDateTime(p.start).responseFinishDateTime(p.end)
                        .output(pluginOutput(p.stdout, p.stderr)).standardOutputUrl("").standardErrorUrl("")
                        .outputS3Region("").outputS3BucketName("").outputS3KeyPrefix("").build());
            }
            b.commandPlugins(plugins);
        }
        return b.build();
    }

    /** Without a plugin name: the invocation's status with every step's output, in order. */
    static GetCommandInvocationResponse get(Invocation i) {
        if (i.plugins.size() == 1) {
            return get(i, i.plugins.get(0), i.status, i.details, i.responseCode);
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Instant start = null;
        Instant end = null;
        for (Invocation.Plugin p : i.plugins) {
            out.append(p.stdout);
            err.append(p.stderr);
            if (start == null) start = p.start;
            if (p.end != null) end = p.end;
        }
        return response(i, "", i.status, i.details, i.responseCode, out.toString(), err.toString(), start,
                i.done() ? end : null);
    }

    static GetCommandInvocationResponse get(Invocation i, Invocation.Plugin p, CommandInvocationStatus status,
                                            String details, int code) {
        return response(i, p.name, status, details, code, p.stdout, p.stderr, p.start, p.end);
    }

    static CommandInvocationStatus status(Invocation.Plugin p) {
        return CommandInvocationStatus.fromValue(p.status.toString());
    }

    private static GetCommandInvocationResponse response(Invocation i, String plugin, CommandInvocationStatus status,
                                                         String details, int code, String stdout, String stderr,
                                                         Instant start, Instant end) {
        SimCommand.Spec s = i.command.spec();
        return GetCommandInvocationResponse.builder()
                .commandId(s.commandId()).instanceId(i.instanceId).comment(s.comment())
                .documentName(s.documentName()).documentVersion("$DEFAULT").pluginName(plugin)
                .responseCode(code).status(status).statusDetails(details)
                .executionStartDateTime(start == null ? "" : start.toString())
                .executionEndDateTime(end == null ? "" : end.toString())
                .executionElapsedTime(start == null ? "" : Duration.between(start, end == null ? start : end).toString())
                .standardOutputContent(head(stdout, STDOUT_LIMIT)).standardOutputUrl("")
                .standardErrorContent(head(stderr, STDERR_LIMIT)).standardErrorUrl("")
                .cloudWatchOutputConfig(CloudWatchOutputConfig.builder().cloudWatchOutputEnabled(false).build())
                .build();
    }

    private static String head(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit);
    }

    /** Standard output, then standard error under the agent's separator, within 2500 characters with markers. */
    static String pluginOutput(String stdout, String stderr) {
        String out = stdout;
        String err = stderr;
        int budget = PLUGIN_OUTPUT_LIMIT - (err.isEmpty() ? 0 : ERROR_HEADER.length());
        if (out.length() + err.length() > budget) {
            int outRoom = Math.max(0, Math.min(out.length(), budget - Math.min(err.length(), budget / 2)));
            if (out.length() > outRoom) out = out.substring(0, Math.max(0, outRoom - OUTPUT_TRUNCATED.length()))
                    + OUTPUT_TRUNCATED;
            int errRoom = budget - out.length();
            if (err.length() > errRoom) err = err.substring(0, Math.max(0, errRoom - ERROR_TRUNCATED.length()))
                    + ERROR_TRUNCATED;
        }
        return err.isEmpty() ? out : out + ERROR_HEADER + err;
    }
}

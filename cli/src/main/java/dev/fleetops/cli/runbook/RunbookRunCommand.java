package dev.fleetops.cli.runbook;

import dev.fleetops.cli.report.AutomationExecutionJson;
import dev.fleetops.cli.common.JournalTable;
import dev.fleetops.cli.common.JournalStores;
import dev.fleetops.journal.Journal;

import dev.fleetops.cli.common.RunParameters;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.common.DurationConverter;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.report.RunReport;
import dev.fleetops.cli.session.HealthSampler;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cli.session.SimTraffic;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.document.Schema;
import dev.fleetops.runbook.document.Validation;
import dev.fleetops.runbook.engine.CommandTargets;
import dev.fleetops.runbook.rate.RateControlRequest;
import dev.fleetops.runbook.rate.TargetLocations;
import dev.fleetops.runbook.rate.RateLimits;
import dev.fleetops.runbook.rate.Targets;
import dev.fleetops.source.InputError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(addMethodSubcommands = false, name = "run",
        header = "Run an SSM document (Automation 0.3 or Command 2.2), unmodified, on the simulator or AWS.",
        description = {"Validates the document, the children it starts (aws:executeAutomation) and its parameters first",
                "(nothing runs when any is wrong, exit 2), then runs it, showing the steps as they progress on stderr. The final record uses SSM",
                "GetAutomationExecution's member names (-o json prints only it).",
                "With --targets an Automation document runs once per target (a parent record with the child",
                "executions); a Command document runs on the targets through SendCommand.",
                "Exit 0 on Success, 1 on Failed, TimedOut or Cancelled, 2 on usage or validation errors."},
        footer = {"", "Examples:",
                "  fleetops run examples/runbooks/RebootInstanceGraceful.yaml --docs examples/runbooks \\",
                "      -p InstanceId=@instance:web:0 -p TargetGroupArn=@target-group:web-tg --traffic 2 --report run.html",
                "  fleetops run AWS-RestartEC2Instance --docs examples/corpus -p InstanceId=@instance:web:0",
                "  fleetops run examples/commands/RestartService.yaml --targets tag:aws:autoscaling:groupName=web --max-concurrency 1",
                "  fleetops --cloud aws run my-doc.yaml -p Name=value -o json",
                "  fleetops run examples/runbooks/RebootInstanceGraceful.yaml -p InstanceId=@instance:web:0 \\",
                "      -p TargetGroupArn=@target-group:web-tg --ui   # prints ui: http://127.0.0.1:PORT/ui/ on stderr",
                "  fleetops --scenario-param size=5 run RebootInstanceGraceful --docs examples/runbooks \\",
                "      --targets tag:aws:autoscaling:groupName=web --target-parameter-name InstanceId \\",
                "      -p TargetGroupArn=@target-group:web-tg --max-concurrency 1 --max-errors 0",
                "",
                "Parameters: -p NAME=VALUE, repeat the option or separate values with commas for StringList.",
                "On the simulator, a value '@instance:GROUP:N' stands for the N-th InService instance of a group",
                "and '@target-group:NAME' for a target group's ARN (ids change with --seed)."})
public final class RunbookRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DOC", description = "A document file, or a name found in --docs (or SSM on AWS).")
    String document;

    @Option(names = {"-p", "--parameter"}, paramLabel = "NAME=VALUE", description = "A runtime parameter: NAME=a,b for"
            + " a StringList (\\, is a comma in a value), NAME={\"k\":\"v\"} for a StringMap. Repeatable.")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--parameters", paramLabel = "JSON|file://FILE|NAME=VALUE", description = "Parameters as the AWS CLI's"
            + " start-automation-execution takes them: JSON {\"NAME\":[\"a\",\"b\"]}, file://params.json, or shorthand. Repeatable.")
    List<String> parametersJson = new ArrayList<>();

    @Option(names = "--docs", converter = dev.fleetops.cli.common.PathOptions.ExistingDirectory.class, paramLabel = "DIR", description = "Directory of documents (NAME.yaml|.yml|.json) for names and aws:executeAutomation children"
            + " (default: the folder of DOC when it is a file).")
    Path docs;

    @Option(names = "--approve-all", description = "Approve every aws:approve and resume every aws:pause at once.")
    boolean approveAll;

    @Option(names = "--traffic", paramLabel = "RPS", description = "Simulator: send RPS requests per second of virtual time to every ALB while the run lasts.")
    Double traffic;

    @Option(names = "--report", converter = dev.fleetops.cli.common.PathOptions.ReportFile.class, paramLabel = "FILE.html", description = "Write a self-contained HTML report: step timeline, target health, traffic.")
    Path report;

    @Option(names = "--poll-max", paramLabel = "DURATION", converter = dev.fleetops.cli.common.DurationConverter.class,
            description = "Cap of the wait actions' poll backoff (2 s growing x1.5; default 30s). Lower: waits end sooner, more API calls.")
    Duration pollMax;

    @Option(names = "--no-shared-reads", description = "Send every read on its own. By default concurrent executions"
            + " (rate control) share DescribeTargetHealth, DescribeInstanceStatus and command-status reads: one call"
            + " per 2.5 s tick when two or more read the same; a single execution's reads go at once either way.")
    boolean noSharedReads;

    @Option(names = "--store", converter = dev.fleetops.cli.common.PathOptions.StoreDirectory.class, paramLabel = "DIR", description = "Where execution records live (for fleetops resume). Default: ~/.fleetops/executions.")
    Path store;

    @Mixin
    JournalTable table;

    @Mixin
    RunPage page;

    @Option(names = RateControlRequest.TARGETS, paramLabel = "tag:KEY=VALUE|ID,ID",
            description = "Rate control: run the document once per target: the running instances with a tag, or a list of values"
                    + " (on the simulator '@instance:GROUP:N' works here too). The AWS CLI's forms work too:"
                    + " 'Key=tag:Env,Values=prod Key=tag:Role,Values=web' (instances with every tag), Key=ParameterValues,Values=a,b,"
                    + " or that list as JSON.")
    String targets;

    @Option(names = RateControlRequest.TARGET_MAPS, paramLabel = "JSON",
            description = "Rate control: one child per map of parameters, as SSM's TargetMaps:"
                    + " '[{\"InstanceId\":[\"i-1\"]},{\"InstanceId\":[\"i-2\"]}]' (instead of --targets and --target-parameter-name).")
    String targetMaps;

    @Option(names = TargetLocations.FLAG, paramLabel = "JSON",
            description = "Run in other accounts and Regions, as SSM's TargetLocations: a JSON list of"
                    + " {Accounts, Regions, ExecutionRoleName, TargetLocationMaxConcurrency, TargetLocationMaxErrors},"
                    + " e.g. '[{\"Accounts\": [\"111122223333\"], \"Regions\": [\"us-east-1\", \"eu-west-1\"]}]'."
                    + " The role of each account is assumed (STS AssumeRole); with --targets each location runs once per"
                    + " target found there. On the simulator: the Regions and accounts of the scenario's regions.")
    String targetLocations;

    @Option(names = RateControlRequest.TARGET_PARAMETER, paramLabel = "NAME",
            description = "Rate control: the document parameter that receives each target (required with --targets).")
    String targetParameterName;

    @Option(names = RateControlRequest.MAX_CONCURRENCY, paramLabel = "N|P%",
            description = "Rate control: at most N (or P%% of the targets) children at a time. Default 10.")
    String maxConcurrency;

    @Option(names = RateControlRequest.MAX_ERRORS, paramLabel = "N|P%",
            description = "Rate control: stop starting children after more than N (or P%%) failed. Default 0.")
    String maxErrors;

    @Override
    public Integer call() throws Exception {
        GlobalOptions g = GlobalOptions.of(spec);
        if (traffic != null && !(traffic > 0)) throw new UsageError("--traffic must be a positive number of requests per second");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = Session.open(g)) {
            if (traffic != null && !session.simulated()) throw new UsageError("--traffic drives the simulator's ALBs; it needs --cloud sim");
            session.settle();
            Map<String, List<String>> params = SimReferences.resolve(session, RunParameters.parse(parameters, parametersJson));
            if (pollMax != null && pollMax.compareTo(Duration.ofSeconds(2)) < 0) {
                throw new UsageError("--poll-max must be at least 2s (the first delay of the backoff)");
            }
            Journal journal = table.name() == null ? null : JournalStores.open(store, table.name(), session.cloud(), session.simulated(), g);
            try (RunbookSession runs = RunbookSession.open(session, docsDirectory(), store, approveAll, g.structured() ? null : err, pollMax, journal, !noSharedReads)) {
                Optional<RunPage.Served> served = page.open(session, runs, err);
                try {
                    return run(runs, session, params, out);
                } finally {
                    served.ifPresent(RunPage.Served::close);
                }
            }
        }
    }

    private Integer run(RunbookSession runs, Session session, Map<String, List<String>> params, PrintWriter out) throws Exception {
        GlobalOptions g = GlobalOptions.of(spec);
        PrintWriter err = spec.commandLine().getErr();
        {
            RunbookSession.Outcome o;
            if (targetLocations != null) {
                o = acrossLocations(runs, session, params);
            } else if (RateControlRequest.requested(targets, targetParameterName, maxConcurrency, maxErrors) || targetMaps != null) {
                Validation checked = runs.preflight(document);
                var doc = checked.document();
                if (doc.isCommand()) {
                    if (targetMaps != null) {
                        throw new InputError(null, RateControlRequest.TARGET_MAPS, "a Command document runs on instances"
                                + " (SendCommand Targets): give --targets");
                    }
                    o = runs.runCommand(checked, params, commandTargets(session), maxConcurrency, maxErrors, traffic, report != null);
                } else if (targetMaps != null) {
                    if (targets != null || targetParameterName != null) {
                        throw new InputError(null, RateControlRequest.TARGET_MAPS, "cannot be given with "
                                + (targets != null ? RateControlRequest.TARGETS : RateControlRequest.TARGET_PARAMETER)
                                + " (SSM: Targets and TargetMaps can't be specified together)");
                    }
                    RateControlRequest request = RateControlRequest.ofMaps(doc.name(), doc.parameters().keySet(), params,
                            simMaps(session, targetMaps), maxConcurrency, maxErrors);
                    o = runs.runRateControlled(document, request, traffic, report != null);
                } else {
                    RateControlRequest request = RateControlRequest.of(doc.name(), doc.parameters().keySet(), params,
                            targets == null ? null : simTargets(session, targets), targetParameterName, maxConcurrency, maxErrors);
                    o = runs.runRateControlled(document, request, traffic, report != null);
                }
            } else {
                o = runs.run(document, params, traffic, report != null);
            }
            if (report != null) {
                RunReport.page("fleetops run " + o.record().documentName(), List.of(o.asReportRun(o.record().documentName())))
                        .write(report);
                if (!g.structured()) err.println("report: " + report.toAbsolutePath());
            }
            if (g.structured()) {
                Output.print(g, out, AutomationExecutionJson.of(o.record())); // GetAutomationExecution's shape
            } else {
                RecordText.print(o.record(), o.invocations(), out);
            }
            List<String> unjournaled = runs.journalFailures();
            if (!unjournaled.isEmpty()) { // the run may have acted, but recover could not find it: the environment's
                unjournaled.forEach(m -> err.println("fleetops: journal write failed: " + m));
                return ExitCodes.ENVIRONMENT;
            }
            if (o.record().status() == Status.Success) return ExitCodes.OK;
            var unreachable = unreachableStep(o.record());
            if (unreachable.isPresent()) { // the network's, not the runbook's: exit 3 (docs/aws.md)
                err.println("fleetops: step " + unreachable.get().stepName() + " could not reach AWS"
                        + (g.endpointUrl != null ? " at " + g.endpointUrl + " (--endpoint-url)" : "") + ": "
                        + unreachable.get().failureMessage().orElse("") + "; check the network, --region and --endpoint-url");
                return ExitCodes.ENVIRONMENT;
            }
            return ExitCodes.FAILED;
        }
    }

    /** A step (of the execution or a child) that failed because no connection to the service could be made. */
    private static Optional<StepRecord> unreachableStep(ExecutionRecord r) {
        for (var step : r.steps()) {
            if (step.failureType().filter(ActionFailure.Type.Network.name()::equals).isPresent()) {
                return Optional.of(step);
            }
            for (var child : step.children()) {
                var found = unreachableStep(child);
                if (found.isPresent()) return found;
            }
        }
        return Optional.empty();
    }

    /** --target-locations: the locations' parent, each location running once or rate-controlled over --targets. */
    private RunbookSession.Outcome acrossLocations(RunbookSession runs, Session session, Map<String, List<String>> params) {
        TargetLocations locations = TargetLocations.parse(targetLocations);
        Validation checked = runs.preflight(document);
        var doc = checked.document();
        if (doc.isCommand() || targetMaps != null) {
            throw new InputError(null, TargetLocations.FLAG, doc.isCommand() ? "a Command document runs through SendCommand,"
                    + " which has no TargetLocations: run an Automation document that sends it (aws:runCommand)"
                    : "cannot be given with " + RateControlRequest.TARGET_MAPS + " (fleetops runs TargetMaps in one location)");
        }
        Optional<RateControlRequest> perLocation = RateControlRequest.requested(targets, targetParameterName, maxConcurrency, maxErrors)
                ? Optional.of(RateControlRequest.of(doc.name(), doc.parameters().keySet(), params, targets, targetParameterName,
                        maxConcurrency, maxErrors))
                : Optional.empty();
        return runs.runAcrossLocations(document, locations, perLocation, params);
    }

    /** --docs, or the folder of a document given as a file (its aws:executeAutomation children sit next to it). */
    Path docsDirectory() {
        if (docs != null) {
            if (!java.nio.file.Files.isDirectory(docs)) throw new UsageError("--docs " + docs + ": no such directory");
            return docs;
        }
        Path file = Path.of(document);
        return java.nio.file.Files.isRegularFile(file) ? file.toAbsolutePath().getParent() : null;
    }

    /**
     * A Command document runs on the targets themselves (SendCommand Targets or InstanceIds), with SendCommand's
     * own MaxConcurrency and MaxErrors: the flags are checked here, each error naming its flag.
     */
    private CommandTargets commandTargets(Session session) {
        if (targets == null) {
            throw new InputError(null, RateControlRequest.TARGETS, "a Command document runs on instances: give --targets"
                    + " tag:KEY=VALUE or instance ids");
        }
        if (targetParameterName != null) {
            throw new InputError(null, RateControlRequest.TARGET_PARAMETER, "a Command document runs on the targets"
                    + " themselves (SendCommand Targets); drop " + RateControlRequest.TARGET_PARAMETER);
        }
        RateLimits.of(maxConcurrency == null ? "50" : maxConcurrency, RateControlRequest.MAX_CONCURRENCY,
                maxErrors == null ? "0" : maxErrors, RateControlRequest.MAX_ERRORS);
        Targets t = Targets.parse(simTargets(session, targets), RateControlRequest.TARGETS);
        if (t instanceof Targets.Tag tag) return CommandTargets.tag(tag.key(), tag.values());
        if (t instanceof Targets.Tags tags) {
            Map<String, List<String>> all = new LinkedHashMap<>();
            for (Targets.Tag tag : tags.tags()) all.put("tag:" + tag.key(), tag.values());
            return new CommandTargets(List.of(), all); // SendCommand ANDs its Targets
        }
        return CommandTargets.instances(((Targets.Values) t).values());
    }

    /** A list of targets with simulator references ({@code @instance:web:0}) resolved; a tag as it is. */
    static String simTargets(Session session, String targets) {
        String t0 = targets.trim();
        if (t0.startsWith("tag:") || t0.startsWith("Key=") || t0.startsWith("[") || !targets.contains("@")) return targets;
        List<String> out = new ArrayList<>();
        for (String t : targets.split(",")) {
            out.add(t.trim().startsWith("@") ? SimReferences.resolve(session, RateControlRequest.TARGETS, t.trim()) : t);
        }
        return String.join(",", out);
    }

    /** TargetMaps with simulator references ({@code "@instance:web:0"}) among their values resolved. */
    static String simMaps(Session session, String maps) {
        if (!maps.contains("\"@")) return maps;
        com.fasterxml.jackson.databind.JsonNode tree;
        try {
            tree = dev.fleetops.json.Json.parse(maps);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return maps; // the request's parser says what is wrong with it
        }
        resolveIn(session, tree);
        return dev.fleetops.json.Json.compact(tree);
    }

    private static void resolveIn(Session session, com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.fields().forEachRemaining(e -> {
                if (e.getValue().isTextual() && e.getValue().asText().startsWith("@")) {
                    e.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(
                            SimReferences.resolve(session, RateControlRequest.TARGET_MAPS, e.getValue().asText())));
                } else {
                    resolveIn(session, e.getValue());
                }
            });
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual() && a.get(i).asText().startsWith("@")) {
                    a.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(
                            SimReferences.resolve(session, RateControlRequest.TARGET_MAPS, a.get(i).asText())));
                } else {
                    resolveIn(session, a.get(i));
                }
            }
        }
    }

    static boolean succeeded(ExecutionRecord r) {
        return r.status() == Status.Success;
    }

    static Duration maxWait() {
        return Duration.ofDays(31);
    }
}

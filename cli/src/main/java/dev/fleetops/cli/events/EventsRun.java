package dev.fleetops.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cli.common.DurationConverter;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.runbook.RunbookSession;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cli.sim.RegionSnapshot;
import dev.fleetops.cli.sim.SnapshotText;
import dev.fleetops.events.Intake;
import dev.fleetops.events.MessageFate;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What handle and replay share: options, the simulator session, submitting events and printing outcomes. */
abstract class EventsRun {

    @Spec
    CommandSpec spec;

    @Option(names = "--docs", converter = dev.fleetops.cli.common.PathOptions.ExistingDirectory.class, paramLabel = "DIR", description = "Directory of SSM documents for runbook rules (NAME.yaml|.yml|.json).")
    Path docs;

    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "The rules file (YAML or JSON).")
    Path rules;

    @Option(names = "--settle", description = "After the events, run virtual time until the region is quiet and print it.")
    boolean settle;

    @Option(names = "--instance", paramLabel = "ID|first",
            description = "Put this instance id into every event (detail.instance-id / EC2InstanceId); 'first' = the"
                    + " first InService instance of the scenario (for AWS sample events with made-up ids).")
    String instance;

    @Option(names = "--bus", description = "Also handle the events the simulated region emits meanwhile (its EventBridge bus).")
    boolean bus;

    @Option(names = "--max-wait", paramLabel = "DURATION", converter = dev.fleetops.cli.common.DurationConverter.class,
            description = "Virtual time one event may take (default: 30m).")
    Duration maxWait = Duration.ofMinutes(30);

    @Option(names = "--report", converter = dev.fleetops.cli.common.PathOptions.ReportFile.class, paramLabel = "FILE.html",
            description = "Write a self-contained HTML report: per event the rules matched and each handler's steps, API calls and notes.")
    Path report;

    /** Events to submit: origin (file:line or file[i]) -> JSON, or a rejected line's reason. */
    record Item(String origin, JsonNode json, String unparsable) { }

    abstract List<Item> items();

    int execute() {
        GlobalOptions g = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxWait.isNegative() || maxWait.isZero()) throw new UsageError("--max-wait must be a positive duration, got " + maxWait);
        if (instance != null && !instance.equals("first") && !instance.matches("i-([0-9a-f]{8}|[0-9a-f]{17})")) {
            throw new UsageError("--instance " + instance + ": expected an instance id (i- and 8 or 17 hex digits) or 'first'");
        }
        try (Session session = Session.open(g)) {
            SimRegion region = session.region();
            session.settle();
            VirtualScheduler time = region.scheduler();
            Intake intake = SimIntake.build(rules, session.cloud(),
                    RunbookSession.open(session, docs, null, false, null).engine());
            List<Item> items = items();
            String id = instance == null ? null : resolveInstance(session);
            List<Map.Entry<String, MessageFate>> results = new ArrayList<>();
            if (bus) {
                region.context().bus().subscribe(e -> intake.submit("bus", e).thenAccept(o -> {
                    if (!(o instanceof MessageFate.Unmatched)) results.add(Map.entry("bus " + e.path("id").asText(), o));
                }));
            }
            for (Item item : items) {
                MessageFate o;
                if (item.unparsable() != null) {
                    o = time.await(intake.submit("file", item.unparsable()), maxWait);
                } else {
                    JsonNode json = id == null ? item.json() : withInstance(item.json(), id);
                    o = time.await(intake.submit("file", json), maxWait);
                }
                results.add(Map.entry(item.origin(), o));
            }
            if (settle) session.settle();
            if (report != null) {
                try {
                    EventPage.of("fleetops events " + spec.name(), results).write(report);
                } catch (java.io.IOException e) {
                    throw new UsageError("--report " + report + ": cannot write: " + e.getMessage());
                }
                if (!g.structured()) err.println("report: " + report.toAbsolutePath());
            }
            boolean failed = false;
            boolean rejected = false;
            ArrayNode all = Json.MAPPER.createArrayNode();
            for (var r : results) {
                MessageFate o = r.getValue();
                if (o instanceof MessageFate.Rejected) rejected = true;
                else failed |= o.disposition() != MessageFate.Disposition.DELETE;
                if (g.structured()) all.add(EventReport.json(r.getKey(), o));
                else EventReport.text(r.getKey(), o, out);
            }
            if (g.structured()) {
                ObjectNode root = Json.object();
                root.set("Events", all);
                if (settle) root.set("Region", RegionSnapshot.read(session).toJson());
                Output.print(g, out, root);
            } else if (settle) {
                out.println();
                SnapshotText.print(RegionSnapshot.read(session), time.now(), out);
            }
            out.flush();
            // a handler that did not finish is the outcome (1); an event that is not one is the input's fault (2)
            if (failed) err.println("fleetops: some events were not handled to the end" + (rejected ? ", some rejected" : "") + " (see above)");
            else if (rejected) err.println("fleetops: some events were rejected as malformed (see above); nothing was done for them");
            return failed ? ExitCodes.FAILED : rejected ? ExitCodes.USAGE : ExitCodes.OK;
        }
    }

    private String resolveInstance(Session session) {
        if (!instance.equals("first")) return instance;
        var r = session.await(session.cloud().autoScaling().describeAutoScalingInstances(b -> { }), Duration.ofMinutes(1));
        return r.autoScalingInstances().stream().filter(i -> "InService".equals(i.lifecycleState()))
                .map(AutoScalingInstanceDetails::instanceId).findFirst()
                .orElseThrow(() -> new UsageError("--instance first: the scenario has no InService instance"));
    }

    private static JsonNode withInstance(JsonNode event, String id) {
        JsonNode copy = event.deepCopy();
        JsonNode detail = copy.path("detail");
        ObjectNode target = detail.isObject() ? (ObjectNode) detail : copy.isObject() ? (ObjectNode) copy : null;
        if (target == null) return copy;
        if (target.has("instance-id")) target.put("instance-id", id);
        if (target.has("EC2InstanceId")) target.put("EC2InstanceId", id);
        return copy;
    }
}

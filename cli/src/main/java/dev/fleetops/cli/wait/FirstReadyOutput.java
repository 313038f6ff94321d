package dev.fleetops.cli.wait;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;
import dev.fleetops.waiters.InstanceStatusWait;
import dev.fleetops.waiters.firstready.FirstReadyResult;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The result of {@code wait first-ready}, for people and as JSON (the AWS CLI's PascalCase member names). */
final class FirstReadyOutput {

    private FirstReadyOutput() { }

    static ObjectNode json(FirstReadyResult r) {
        ObjectNode o = Json.object();
        o.put("Status", r.status().name());
        o.put("Message", r.message());
        o.put("AutoScalingGroupName", r.group());
        if (r.winner() != null) o.put("Winner", r.winner());
        else o.putNull("Winner");
        if (r.winnerKnownAt() != null) o.put("WinnerKnownAt", r.winnerKnownAt().toString());
        o.put("ElapsedSeconds", r.elapsed().toMillis() / 1000.0);
        o.put("PollRounds", r.rounds());
        o.put("ThrottledRounds", r.throttled());
        o.set("ApiCalls", Json.tree(r.apiCalls()));
        ArrayNode instances = o.putArray("Instances");
        for (InstanceStatusWait.Status s : r.instances().values()) {
            ObjectNode i = instances.addObject();
            i.put("InstanceId", s.instanceId());
            i.put("State", s.state());
            if (s.instanceStatus() != null) i.put("InstanceStatus", s.instanceStatus());
            if (s.systemStatus() != null) i.put("SystemStatus", s.systemStatus());
            i.put("Verdict", s.verdict().name().toLowerCase(Locale.ROOT));
            i.put("Why", s.why());
            if (s.seenAt() != null) i.put("SeenAt", s.seenAt().toString());
        }
        o.set("TerminatedLosers", Json.tree(r.terminated()));
        if (r.command() != null) {
            FirstReadyResult.CommandResult c = r.command();
            ObjectNode cmd = o.putObject("Command");
            cmd.put("CommandId", c.commandId());
            cmd.put("DocumentName", c.documentName());
            cmd.put("InstanceId", c.instanceId());
            cmd.put("Status", c.status());
            cmd.put("StatusDetails", c.statusDetails());
            cmd.put("ResponseCode", c.exitCode());
            cmd.put("StandardOutputContent", c.stdout());
            cmd.put("StandardErrorContent", c.stderr());
        } else {
            o.putNull("Command");
        }
        return o;
    }

    static void text(FirstReadyResult r, PrintWriter out) {
        out.println(r.message());
        if (r.winner() != null) out.printf(Locale.ROOT, "  winner      %s%n", r.winner());
        out.printf(Locale.ROOT, "  elapsed     %.1f s, %d poll round(s)%s%n", r.elapsed().toMillis() / 1000.0, r.rounds(),
                r.throttled() > 0 ? ", " + r.throttled() + " throttled" : "");
        Map<String, Integer> tally = new TreeMap<>();
        r.instances().values().forEach(s -> tally.merge(s.summary(), 1, Integer::sum));
        out.printf(Locale.ROOT, "  instances   %d%n", r.instances().size());
        tally.forEach((k, v) -> out.printf(Locale.ROOT, "              %5d %s%n", v, k));
        if (!r.terminated().isEmpty()) out.printf(Locale.ROOT, "  terminated  %d other instance(s)%n", r.terminated().size());
        out.println("  API calls");
        r.apiCalls().forEach((k, v) -> out.printf(Locale.ROOT, "              %5d %s%n", v, k));
        if (r.command() != null) {
            FirstReadyResult.CommandResult c = r.command();
            out.printf(Locale.ROOT, "  setup       %s %s on %s: %s%s%n", c.documentName(), c.commandId(), c.instanceId(), c.status(),
                    c.exitCode() >= 0 ? " (exit code " + c.exitCode() + ")" : "");
            if (!c.stdout().isEmpty()) c.stdout().lines().forEach(l -> out.println("    | " + l));
            if (!c.stderr().isEmpty()) c.stderr().lines().forEach(l -> out.println("    ! " + l));
        }
    }
}

package dev.fleetops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.json.Json;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Rule matching: events per second through event-ruler against 500 rules of every pattern kind (exact, prefix,
 * suffix, anything-but, numeric, exists, equals-ignore-case, wildcard, $or), on one thread. Events are a mix of
 * the four interruption kinds and state changes for 1,000 instances, already parsed (as the intake has them).
 */
public final class RulesBenchmark implements Benchmark {

    static final int RULES = 500;

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public String description() {
        return "event rule matching: events/s against 500 EventBridge patterns on one core (JMH; target >= 200,000/s)";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) throws Exception {
        progress.println("rules: JMH, 1 fork, " + JmhRuns.iterations(quick) + " iterations, " + RULES + " rules...");
        var opts = JmhRuns.standard(RulesBenchmark.class.getName() + ".Jmh", quick).forks(1).threads(1)
                .jvmArgsAppend("-Xmx1g").build();
        double realistic = 0;
        double adversarial = 0;
        for (RunResult r : JmhRuns.run(opts, progress)) {
            double score = r.getPrimaryResult().getScore();
            if ("realistic".equals(r.getParams().getParam("mix"))) realistic = score;
            else adversarial = score;
        }
        progress.println("rules: the peer, raw event-ruler on the same bodies and rules, beside fleetops's whole path...");
        double ours = 0;
        double raw = 0;
        var peer = JmhRuns.standard(RulesPipelineJmh.class.getName(), quick).forks(1).threads(1)
                .jvmArgsAppend("-Xmx1g").build();
        for (RunResult r : JmhRuns.run(peer, progress)) {
            double score = r.getPrimaryResult().getScore();
            if (RulesPipelineJmh.FLEETOPS.equals(r.getParams().getParam("path"))) ours = score;
            else raw = score;
        }
        double ratio = raw == 0 ? 0 : Math.round(ours / raw * 1000) / 1000.0;
        progress.printf(Locale.ROOT, "rules: from the body: fleetops %,.0f events/s, raw event-ruler %,.0f events/s, ratio %.3f%n",
                ours, raw, ratio);
        return new BenchResult(name(), "JMH throughput, 1 fork, 1 thread, " + JmhRuns.iterations(quick)
                + "; 500 rules; 1,000 distinct parsed events (5 kinds); two rule sets: a fleet's (per-group hook "
                + "rules, Spot rules by id prefix, state rules, a tail of numeric/anything-but/exists/wildcard) and an "
                + "adversarial one (9 pattern kinds round-robin, many anything-but rules matching most events); the peer: the "
                + "same bodies as JSON text through fleetops's classifier and rule set (what the intake decides before "
                + "dispatch) and through a bare event-ruler GenericMachine holding the same patterns (rulesForJSONEvent(String))",
                List.of(BenchResult.Metric.atLeast("events/s, fleet rule set", Math.round(realistic), "events/s", 200_000),
                        BenchResult.Metric.info("matches per event, fleet rule set", Jmh.averageMatches("realistic"), "rules"),
                        BenchResult.Metric.info("events/s, adversarial rule set", Math.round(adversarial), "events/s"),
                        BenchResult.Metric.info("matches per event, adversarial", Jmh.averageMatches("adversarial"), "rules"),
                        BenchResult.Metric.info("events/s from the body, fleetops (parse, classify, match, decide)", Math.round(ours), "events/s"),
                        BenchResult.Metric.info("events/s from the body, raw event-ruler rulesForJSONEvent (anchor)", Math.round(raw), "events/s"),
                        BenchResult.Metric.atLeast("fleetops / raw event-ruler, from the body, fleet rule set", ratio, "x", 0.8)));
    }

    static String rulesYaml() {
        StringBuilder b = new StringBuilder("rules:\n");
        String[] kinds = {"EC2 Spot Instance Interruption Warning", "EC2 Instance Rebalance Recommendation",
                "EC2 Instance State-change Notification", "EC2 Instance-terminate Lifecycle Action"};
        for (int i = 0; i < RULES; i++) {
            String pattern = switch (i % 9) {
                case 0 -> "{source: [aws.ec2], detail-type: ['" + kinds[i % 4] + "'], detail: {instance-id: [" + id(i) + "]}}";
                case 1 -> "{detail: {instance-id: [{prefix: 'i-0" + String.format(Locale.ROOT, "%03x", i) + "'}]}}";
                case 2 -> "{detail-type: [{suffix: 'Warning'}], region: [us-east-" + (i % 3) + "]}";
                case 3 -> "{source: [aws.ec2], detail: {state: [{anything-but: [running, pending, 'st" + i + "']}]}}";
                case 4 -> "{detail: {cpu: [{numeric: ['>', " + (i % 100) + ", '<=', " + (i % 100 + 5) + "]}]}}";
                case 5 -> "{detail: {LifecycleHookName: [{exists: true}], AutoScalingGroupName: [group-" + (i % 20) + "]}}";
                case 6 -> "{detail: {state: [{equals-ignore-case: 'TERMINATED'}]}, account: ['" + (100000000000L + i) + "']}";
                case 7 -> "{detail: {AutoScalingGroupName: [{wildcard: 'group-" + (i % 20) + "*'}]}}";
                default -> "{source: [aws.ec2], $or: [{detail: {state: [stopping]}}, {detail: {instance-action: [" + (i % 2 == 0 ? "stop" : "hibernate") + "]}}]}";
            };
            b.append("  - name: r").append(i).append("\n    pattern: ").append(pattern).append("\n    handler: log\n");
        }
        return b.toString();
    }

    /**
     * A fleet's rule set: one lifecycle-hook rule per Auto Scaling group (300 groups), Spot warnings by instance-id
     * prefix (100), state changes by region and state (50), and a tail of numeric, anything-but, exists and wildcard
     * rules (50). An event matches one to three rules, as in a real deployment.
     */
    static String realisticRulesYaml() {
        StringBuilder b = new StringBuilder("rules:\n");
        for (int i = 0; i < RULES; i++) {
            String pattern;
            if (i < 300) {
                pattern = "{source: [aws.autoscaling], detail-type: ['EC2 Instance-terminate Lifecycle Action'], "
                        + "detail: {AutoScalingGroupName: [group-" + i + "-web]}}";
            } else if (i < 400) {
                pattern = "{source: [aws.ec2], detail-type: ['EC2 Spot Instance Interruption Warning'], "
                        + "detail: {instance-id: [{prefix: 'i-0" + String.format(Locale.ROOT, "%02x", i - 300) + "'}]}}";
            } else if (i < 450) {
                pattern = "{source: [aws.ec2], detail-type: ['EC2 Instance State-change Notification'], region: [us-east-"
                        + (i % 3) + "], detail: {state: [" + (i % 2 == 0 ? "terminated" : "shutting-down") + "], cpu: [{exists: "
                        + (i % 4 < 2) + "}]}}";
            } else {
                pattern = switch (i % 4) {
                    case 0 -> "{source: [aws.ec2], detail: {cpu: [{numeric: ['>=', " + (i % 100) + ", '<', " + (i % 100 + 2) + "]}]}}";
                    case 1 -> "{source: [aws.ec2], detail-type: ['EC2 Instance Rebalance Recommendation'], region: [{anything-but: [us-east-" + (i % 3) + "]}]}";
                    case 2 -> "{detail: {LifecycleHookName: [{exists: true}], AutoScalingGroupName: [{wildcard: 'group-" + (i % 50) + "-*'}]}}";
                    default -> "{source: [aws.ec2], detail: {state: [{equals-ignore-case: 'STOPPED'}]}}";
                };
            }
            b.append("  - name: r").append(i).append("\n    pattern: ").append(pattern).append("\n    handler: log\n");
        }
        return b.toString();
    }

    static String id(int i) {
        return String.format(Locale.ROOT, "i-0%016x", (long) i * 2654435761L & 0xffffffffffffL);
    }

    static JsonNode[] events() {
        JsonNode[] events = new JsonNode[1000];
        String[] states = {"running", "stopping", "terminated", "shutting-down"};
        for (int i = 0; i < events.length; i++) {
            ObjectNode e = Json.object().put("version", "0").put("id", "e" + i).put("source", i % 5 == 3 ? "aws.autoscaling" : "aws.ec2")
                    .put("account", "123456789012").put("time", "2026-01-05T09:00:00Z").put("region", "us-east-" + (i % 3));
            e.putArray("resources").add("arn:aws:ec2:us-east-1:123456789012:instance/" + id(i));
            ObjectNode d = e.putObject("detail");
            switch (i % 5) {
                case 0 -> e.put("detail-type", "EC2 Spot Instance Interruption Warning").set("detail", d.put("instance-id", id(i)).put("instance-action", "terminate"));
                case 1 -> e.put("detail-type", "EC2 Instance Rebalance Recommendation").set("detail", d.put("instance-id", id(i)));
                case 2 -> e.put("detail-type", "EC2 Instance State-change Notification").set("detail", d.put("instance-id", id(i)).put("state", states[i % 4]).put("cpu", i % 100));
                case 3 -> e.put("detail-type", "EC2 Instance-terminate Lifecycle Action").set("detail", d.put("EC2InstanceId", id(i))
                        .put("LifecycleHookName", "drain").put("AutoScalingGroupName", "group-" + (i % 20) + "-web")
                        .put("LifecycleTransition", "autoscaling:EC2_INSTANCE_TERMINATING").put("LifecycleActionToken", "t" + i));
                default -> e.put("detail-type", "EC2 Instance State-change Notification").set("detail", d.put("instance-id", id(i)).put("state", "running"));
            }
            events[i] = e;
        }
        return events;
    }

    @State(Scope.Thread)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Fork(1)
    public static class Jmh {
        /** realistic: a fleet's rules (the target); adversarial: every kind, ~16 matches per event (information). */
        @Param({"realistic", "adversarial"})
        public String mix;
        RuleSet rules;
        JsonNode[] events;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            rules = load(mix);
            events = events();
        }

        static RuleSet load(String mix) {
            return RuleSet.load("bench-rules.yaml", mix.equals("realistic") ? realisticRulesYaml() : rulesYaml(),
                    BuiltInHandlers.registry());
        }

        @org.openjdk.jmh.annotations.Benchmark
        public int match() {
            JsonNode e = events[next];
            next = next + 1 == events.length ? 0 : next + 1;
            return rules.match(e).size();
        }

        static double averageMatches(String mix) {
            RuleSet rules = load(mix);
            JsonNode[] events = events();
            long n = 0;
            for (JsonNode e : events) n += rules.match(e).size();
            return Math.round(n * 100.0 / events.length) / 100.0;
        }
    }
}

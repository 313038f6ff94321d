package dev.fleetops.sim.scenario;

import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;
import dev.fleetops.source.Suggest;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static dev.fleetops.sim.scenario.ScenarioFields.number;

/** Reads what the simulation does rather than what exists: timings, the SSM agent's outcomes, and faults. */
final class BehaviourReader {

    /** Services a fault may name, by the names the SDK and SSM's aws:executeAwsApi use. */
    static final Map<String, Class<?>> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("ec2", Ec2AsyncClient.class);
        SERVICES.put("autoscaling", AutoScalingAsyncClient.class);
        SERVICES.put("elbv2", ElasticLoadBalancingV2AsyncClient.class);
        SERVICES.put("ssm", SsmAsyncClient.class);
        SERVICES.put("sqs", SqsAsyncClient.class);
        SERVICES.put("events", EventBridgeAsyncClient.class);
        SERVICES.put("route53", Route53AsyncClient.class);
    }

    private static final Duration LONG = Duration.ofDays(365);
    private static final Map<String, Collection<String>> OPERATIONS = new LinkedHashMap<>();

    Timings timings(MapNode root) {
        Timings d = Timings.defaults();
        Optional<Node> node = root.get("timings");
        if (node.isEmpty()) return d;
        MapNode m = node.get().asMap().allowOnly("boot", "appStart", "statusChecks", "stop", "reboot", "terminate",
                "spotWarning", "jitter");
        return new Timings(
                duration(m, "boot", d.boot()), duration(m, "appStart", d.appStart()),
                duration(m, "statusChecks", d.statusChecks()), duration(m, "stop", d.stop()),
                duration(m, "reboot", d.reboot()), duration(m, "terminate", d.terminate()),
                duration(m, "spotWarning", d.spotWarning()), number(m, "jitter", 0, 0.9, d.jitter()));
    }

    AgentModel agent(MapNode root) {
        AgentModel d = AgentModel.defaults();
        Optional<Node> node = root.get("agent");
        if (node.isEmpty()) return d;
        MapNode m = node.get().asMap().allowOnly("commands", "default");
        List<AgentModel.CommandModel> commands = new ArrayList<>();
        for (MapNode c : ScenarioFields.maps(m, "commands")) {
            c.allowOnly("match", "runs");
            ScalarNode match = c.require("match").asScalar();
            try {
                Pattern.compile(match.asString());
            } catch (PatternSyntaxException e) {
                throw InputError.at(match, "invalid regular expression: " + e.getDescription());
            }
            List<AgentModel.Run> runs = new ArrayList<>();
            for (MapNode r : ScenarioFields.maps(c, "runs")) runs.add(run(r));
            if (runs.isEmpty()) throw InputError.at(c.get("runs").orElse(c), "a command needs at least one run");
            commands.add(new AgentModel.CommandModel(match.asString(), runs));
        }
        AgentModel.Run fallback = m.get("default").map(n -> run(n.asMap())).orElse(d.fallback());
        return new AgentModel(commands, fallback);
    }

    private static AgentModel.Run run(MapNode r) {
        r.allowOnly("exitCode", "duration", "output", "exitIfAppDown");
        int exit = ScenarioFields.integer(r, "exitCode", -1, Integer.MAX_VALUE, 0);
        Duration duration = duration(r, "duration", Duration.ofSeconds(1));
        Optional<Integer> ifDown = r.get("exitIfAppDown").map(n -> n.asScalar().asInt(-1, Integer.MAX_VALUE));
        return new AgentModel.Run(exit, duration, ScenarioFields.string(r, "output", ""), ifDown);
    }

    /**
     * @param groups    group names, for instance references by group and launch order
     * @param instances Name tags the scenario gives (standalone instances, templates, groups)
     */
    FaultPlan faults(MapNode root, Collection<String> groups, Collection<String> instances) {
        Optional<Node> node = root.get("faults");
        if (node.isEmpty()) return FaultPlan.none();
        MapNode m = node.get().asMap().allowOnly("throttling", "api", "impaired", "impairedShare",
                "spotInterruptions", "spotInterruptionRate", "scheduledEvents");
        List<FaultPlan.ApiFault> api = new ArrayList<>();
        for (MapNode f : ScenarioFields.maps(m, "api")) api.add(apiFault(f));
        List<FaultPlan.InstanceRef> impaired = new ArrayList<>();
        for (MapNode i : ScenarioFields.maps(m, "impaired")) impaired.add(instanceRef(i, groups, instances));
        List<FaultPlan.SpotInterruption> spot = new ArrayList<>();
        for (MapNode s : ScenarioFields.maps(m, "spotInterruptions")) {
            s.allowOnly("at", "instance", "action");
            Duration at = ScenarioFields.duration(s.require("at"), Duration.ZERO, LONG, false);
            FaultPlan.InstanceRef ref = instanceRef(s.require("instance").asMap(), groups, instances);
            String action = ScenarioFields.oneOf(s, "action", List.of("terminate", "stop", "hibernate"), "terminate");
            spot.add(new FaultPlan.SpotInterruption(at, ref, action));
        }
        List<FaultPlan.ScheduledEvent> scheduled = new ArrayList<>();
        for (MapNode s : ScenarioFields.maps(m, "scheduledEvents")) {
            s.allowOnly("at", "instance", "code", "notice");
            Duration at = ScenarioFields.duration(s.require("at"), Duration.ZERO, LONG, false);
            FaultPlan.InstanceRef ref = instanceRef(s.require("instance").asMap(), groups, instances);
            String code = ScenarioFields.oneOf(s, "code", FaultPlan.ScheduledEvent.CODES, "instance-retirement");
            // AWS gives at least days of notice; a scenario shortens it to what the test needs
            Duration notice = ScenarioFields.duration(s, "notice", Duration.ofMinutes(1), LONG, Duration.ofHours(2));
            scheduled.add(new FaultPlan.ScheduledEvent(at, ref, code, notice));
        }
        return new FaultPlan(ScenarioFields.bool(m, "throttling", false), api, impaired,
                number(m, "impairedShare", 0, 1, 0), spot, number(m, "spotInterruptionRate", 0, 1000, 0), scheduled);
    }

    private static FaultPlan.ApiFault apiFault(MapNode f) {
        f.allowOnly("service", "operation", "error", "rate", "latency", "from", "until");
        String service = ScenarioFields.oneOf(f, "service", SERVICES.keySet(), null);
        if (service == null) f.require("service");
        String operation = "*";
        if (f.get("operation").isPresent()) {
            ScalarNode op = f.require("operation").asScalar();
            operation = op.asString();
            Collection<String> known = operations(service);
            if (!operation.equals("*") && !known.contains(operation)) {
                String near = Suggest.closest(operation, known);
                throw InputError.at(op, "'" + operation + "' is not an operation of " + service
                        + (near != null ? " (did you mean '" + near + "'?)" : "") + "; use * for every operation");
            }
        }
        Optional<String> error = f.optString("error");
        if (error.isEmpty() && f.has("rate")) {
            throw InputError.at(f.require("rate"), "a rate needs an error to inject");
        }
        double rate = number(f, "rate", 0, 1, 1);
        Duration latency = duration(f, "latency", Duration.ZERO);
        if (error.isEmpty() && latency.isZero()) {
            throw InputError.at(f, "a fault needs an error, a latency or both");
        }
        Duration from = duration(f, "from", Duration.ZERO);
        Optional<Duration> until = f.get("until").map(n -> ScenarioFields.duration(n, Duration.ZERO, LONG, false));
        if (until.isPresent() && until.get().compareTo(from) <= 0) {
            throw InputError.at(f.require("until"), "until (" + ScenarioFields.show(until.get()) + ") must be after from ("
                    + ScenarioFields.show(from) + ")");
        }
        return new FaultPlan.ApiFault(service, operation, error, rate, latency, from, until);
    }

    private static FaultPlan.InstanceRef instanceRef(MapNode m, Collection<String> groups, Collection<String> names) {
        m.allowOnly("group", "index", "name");
        if (m.has("name") == m.has("group")) {
            throw InputError.at(m, "name an instance either by group and index or by name");
        }
        if (m.has("name")) {
            if (m.has("index")) throw InputError.at(m.require("index"), "index goes with group, not with name");
            return new FaultPlan.InstanceRef(Optional.empty(), 0,
                    Optional.of(ScenarioFields.reference(m.require("name"), names, "instance")));
        }
        String group = ScenarioFields.reference(m.require("group"), groups, "group");
        int index = m.require("index").asScalar().asInt(0, ResourceReader.MAX_GROUP_SIZE);
        return new FaultPlan.InstanceRef(Optional.of(group), index, Optional.empty());
    }

    private static Duration duration(MapNode m, String key, Duration fallback) {
        return ScenarioFields.duration(m, key, Duration.ZERO, LONG, fallback);
    }

    /** Operation names of a service, from its SDK client interface (XxxRequest parameter types). */
    static synchronized Collection<String> operations(String service) {
        return OPERATIONS.computeIfAbsent(service, s -> {
            TreeSet<String> ops = new TreeSet<>();
            for (Method method : SERVICES.get(s).getMethods()) {
                if (method.getParameterCount() != 1) continue;
                String type = method.getParameterTypes()[0].getSimpleName();
                if (type.endsWith("Request") && method.getReturnType().getSimpleName().equals("CompletableFuture")) {
                    ops.add(type.substring(0, type.length() - "Request".length()));
                }
            }
            return ops;
        });
    }
}

package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.elbv2.TrafficGenerator;
import dev.fleetops.sim.elbv2.TrafficReport;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the admin API switches while the region runs, with the simulator's own objects: injected faults are the
 * scenario's {@link FaultPlan.ApiFault}s, added at the {@code ApiGate} (errors drawn from the region's fault
 * stream), and ALB traffic is {@link TrafficGenerator}s to every load balancer, as {@code --traffic} starts them.
 * Every method runs on the simulator's thread; requests are parsed before they get there ({@link #faults(String)}).
 */
final class AdminSwitches {

    /** Each service's throttling code and the code of its 503 (the API references' Common Errors). */
    private static final Map<String, List<String>> CODES = Map.of(
            "ec2", List.of("RequestLimitExceeded", "Unavailable"),
            "autoscaling", List.of("Throttling", "ServiceUnavailable"),
            "elbv2", List.of("Throttling", "ServiceUnavailable"),
            "ssm", List.of("ThrottlingException", "ServiceUnavailable"),
            "events", List.of("ThrottlingException", "ServiceUnavailable"),
            "sqs", List.of("RequestThrottled", "ServiceUnavailable"),
            "route53", List.of("Throttling", "ServiceUnavailable"));
    static final String FAULTS_FORM = "{\"Faults\": [{\"Service\": \"ec2\", \"Operation\": \"*\", \"Error\": \"throttling\" | \"5xx\" | "
            + "an AWS error code, \"Rate\": 0-1, \"LatencyMillis\": N}]}";
    static final String TRAFFIC_FORM = "{\"RequestsPerSecond\": N} (0 stops it)";

    private final SimRegion region;
    private final List<TrafficGenerator.Running> traffic = new ArrayList<>();
    private final List<TrafficReport> done = new ArrayList<>();
    private double rps;

    AdminSwitches(SimRegion region) {
        this.region = region;
    }

    /** The faults a {@code PUT /_fleetops/faults} body asks for; IllegalArgumentException saying what was expected. */
    static List<FaultPlan.ApiFault> faults(String body) {
        JsonNode list = object(body, FAULTS_FORM).get("Faults");
        if (list == null || !list.isArray()) throw new IllegalArgumentException("Faults (a list) is missing: expected " + FAULTS_FORM);
        List<FaultPlan.ApiFault> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode f = list.get(i);
            String at = "Faults[" + i + "]";
            String service = text(f, "Service", at);
            if (!CODES.containsKey(service)) {
                throw new IllegalArgumentException(at + ".Service must be one of " + new TreeMap<>(CODES).keySet() + ", got " + service);
            }
            String operation = f.hasNonNull("Operation") ? text(f, "Operation", at) : "*";
            Optional<String> code = Optional.empty();
            if (f.hasNonNull("Error")) {
                String e = text(f, "Error", at);
                code = Optional.of(e.equals("throttling") ? CODES.get(service).get(0) : e.equals("5xx") ? CODES.get(service).get(1) : e);
            }
            double rate = f.hasNonNull("Rate") ? number(f, "Rate", at) : code.isPresent() ? 1 : 0;
            if (rate < 0 || rate > 1) throw new IllegalArgumentException(at + ".Rate must be between 0 and 1, got " + rate);
            double latency = f.hasNonNull("LatencyMillis") ? number(f, "LatencyMillis", at) : 0;
            if (latency < 0 || latency > 3_600_000) throw new IllegalArgumentException(at + ".LatencyMillis must be 0 to 3600000, got " + latency);
            if (code.isEmpty() && latency == 0) throw new IllegalArgumentException(at + " has neither Error nor LatencyMillis: expected " + FAULTS_FORM);
            out.add(new FaultPlan.ApiFault(service, operation, code, rate, Duration.ofNanos(Math.round(latency * 1e6)), Duration.ZERO,
                    Optional.empty()));
        }
        return out;
    }

    /** The requests per second a {@code PUT /_fleetops/traffic} body asks for. */
    static double rate(String body) {
        JsonNode o = object(body, TRAFFIC_FORM);
        double r = number(o, "RequestsPerSecond", "the body");
        if (r < 0 || r > 100_000) throw new IllegalArgumentException("RequestsPerSecond must be 0 to 100000, got " + r);
        return r;
    }

    ObjectNode switchFaults(List<FaultPlan.ApiFault> faults) {
        region.context().gate().switchFaults(faults);
        return faultsNow();
    }

    ObjectNode faultsNow() {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("Faults");
        for (FaultPlan.ApiFault f : region.context().gate().switchedFaults()) {
            ObjectNode e = a.addObject().put("Service", f.service()).put("Operation", f.operation()).put("Rate", f.rate())
                    .put("LatencyMillis", f.latency().toNanos() / 1e6);
            f.errorCode().ifPresent(c -> e.put("Error", c));
        }
        o.set("Rejected", Json.tree(new TreeMap<>(region.context().gate().rejected())));
        return o;
    }

    /** Stops the traffic running, then starts {@code requestsPerSecond} to every load balancer with a listener (0: none). */
    ObjectNode switchTraffic(double requestsPerSecond) {
        for (TrafficGenerator.Running r : traffic) done.add(r.stop());
        traffic.clear();
        rps = requestsPerSecond;
        if (requestsPerSecond > 0) {
            var elbv2 = region.cloud().client(ElasticLoadBalancingV2AsyncClient.class);
            for (var lb : RegionState.now(region, () -> elbv2.describeLoadBalancers(b -> { })).loadBalancers()) {
                region.elbv2().alb(lb.loadBalancerArn()).filter(alb -> !alb.ports().isEmpty()).ifPresent(alb ->
                        traffic.add(TrafficGenerator.startOpenEnded(region.scheduler(), alb, requestsPerSecond)));
            }
        }
        return trafficNow();
    }

    /** The traffic's totals since the first switch, by HTTP status. */
    ObjectNode trafficNow() {
        long total = 0, ok = 0, errors = 0;
        Map<Integer, Long> byStatus = new TreeMap<>();
        List<TrafficReport> all = new ArrayList<>(done);
        traffic.forEach(r -> all.add(r.report()));
        for (TrafficReport r : all) {
            total += r.total();
            ok += r.ok();
            errors += r.serverErrors();
            r.byStatus().forEach((s, n) -> byStatus.merge(s, n, Long::sum));
        }
        ObjectNode o = Json.object().put("RequestsPerSecond", rps).put("LoadBalancers", traffic.size())
                .put("Total", total).put("Ok", ok).put("ServerErrors", errors);
        o.set("ByStatus", Json.tree(byStatus));
        return o;
    }

    private static JsonNode object(String body, String form) {
        JsonNode o;
        try {
            o = Json.parse(body == null || body.isBlank() ? "null" : body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: expected " + form);
        }
        if (o == null || !o.isObject()) throw new IllegalArgumentException("the body must be a JSON object: expected " + form);
        return o;
    }

    private static String text(JsonNode o, String name, String at) {
        JsonNode v = o.get(name);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException(at + "." + name + " must be a string, got " + (v == null ? "nothing" : v));
        }
        return v.textValue();
    }

    private static double number(JsonNode o, String name, String at) {
        JsonNode v = o.get(name);
        if (v == null || !v.isNumber()) throw new IllegalArgumentException(at + "." + name + " must be a number, got " + (v == null ? "nothing" : v));
        return v.doubleValue();
    }
}

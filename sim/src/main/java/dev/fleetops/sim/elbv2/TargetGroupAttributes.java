package dev.fleetops.sim.elbv2;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A target group's attributes with the defaults AWS returns for an instance target group of an Application Load
 * Balancer, and the values it accepts. Only {@code deregistration_delay.timeout_seconds} changes the simulation;
 * the others are kept and reported.
 */
final class TargetGroupAttributes {

    static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";

    private record Rule(String defaultValue, Predicate<String> valid, String expected) { }

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        rule(DEREGISTRATION_DELAY, "300", intRange(0, 3600), "an integer from 0 to 3600");
        rule("stickiness.enabled", "false", oneOf("true", "false"), "true or false");
        rule("stickiness.type", "lb_cookie", oneOf("lb_cookie", "app_cookie"), "lb_cookie or app_cookie");
        rule("stickiness.lb_cookie.duration_seconds", "86400", intRange(1, 604800), "an integer from 1 to 604800");
        rule("stickiness.app_cookie.cookie_name", "", v -> v.length() <= 64, "at most 64 characters");
        rule("stickiness.app_cookie.duration_seconds", "86400", intRange(1, 604800), "an integer from 1 to 604800");
        rule("load_balancing.algorithm.type", "round_robin",
                oneOf("round_robin", "least_outstanding_requests", "weighted_random"),
                "round_robin, least_outstanding_requests or weighted_random");
        rule("load_balancing.algorithm.anomaly_mitigation", "off", oneOf("on", "off"), "on or off");
        rule("slow_start.duration_seconds", "0", v -> v.equals("0") || intRange(30, 900).test(v),
                "0 or an integer from 30 to 900");
        rule("load_balancing.cross_zone.enabled", "use_load_balancer_configuration",
                oneOf("true", "false", "use_load_balancer_configuration"),
                "true, false or use_load_balancer_configuration");
        rule("target_group_health.dns_failover.minimum_healthy_targets.count", "1",
                v -> v.equals("off") || intRange(1, Integer.MAX_VALUE).test(v), "off or a positive integer");
        rule("target_group_health.dns_failover.minimum_healthy_targets.percentage", "off",
                v -> v.equals("off") || intRange(1, 100).test(v), "off or an integer from 1 to 100");
        rule("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1",
                intRange(1, Integer.MAX_VALUE), "a positive integer");
        rule("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off",
                v -> v.equals("off") || intRange(1, 100).test(v), "off or an integer from 1 to 100");
    }

    private final Map<String, String> values = new LinkedHashMap<>();

    TargetGroupAttributes() {
        RULES.forEach((k, r) -> values.put(k, r.defaultValue()));
    }

    int deregistrationDelaySeconds() {
        return Integer.parseInt(values.get(DEREGISTRATION_DELAY));
    }

    List<TargetGroupAttribute> all() {
        return toSdk(values);
    }

    /** Validates every pair first (all or nothing), then applies them. @return the attributes as now set */
    List<TargetGroupAttribute> modify(List<TargetGroupAttribute> changes) {
        Map<String, String> accepted = new LinkedHashMap<>();
        for (TargetGroupAttribute a : changes) {
            if (a.key() == null) throw Elbv2Errors.missing("attributes.member.key");
            Rule rule = RULES.get(a.key());
            if (rule == null) {
                throw Elbv2Errors.validation("Target group attribute key '" + a.key() + "' is not recognized");
            }
            String v = a.value() == null ? "" : a.value();
            if (!rule.valid().test(v)) {
                throw Elbv2Errors.validation("Target group attribute '" + a.key() + "' value '" + v
                        + "' is not valid: expected " + rule.expected());
            }
            accepted.put(a.key(), v);
        }
        values.putAll(accepted);
        return all();
    }

    private static List<TargetGroupAttribute> toSdk(Map<String, String> m) {
        List<TargetGroupAttribute> out = new ArrayList<>(m.size());
        m.forEach((k, v) -> out.add(TargetGroupAttribute.builder().key(k).value(v).build()));
        return out;
    }

    private static void rule(String key, String def, Predicate<String> valid, String expected) {
        RULES.put(key, new Rule(def, valid, expected));
    }

    private static Predicate<String> oneOf(String... options) {
        Set<String> set = Set.of(options);
        return set::contains;
    }

    private static Predicate<String> intRange(long lo, long hi) {
        return v -> {
            try {
                long n = Long.parseLong(v);
                return n >= lo && n <= hi;
            } catch (NumberFormatException e) {
                return false;
            }
        };
    }
}

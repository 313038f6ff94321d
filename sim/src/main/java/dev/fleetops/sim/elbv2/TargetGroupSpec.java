package dev.fleetops.sim.elbv2;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CreateTargetGroup request, validated as AWS validates it and completed with AWS's defaults. The simulated
 * region models Application Load Balancer target groups of instances (protocol HTTP or HTTPS).
 */
record TargetGroupSpec(String name, String protocol, int port, String vpcId, HealthCheckSettings healthCheck) {

    private static final Pattern NAME_CHARS = Pattern.compile("[A-Za-z0-9-]+");
    private static final String NAME_PATTERN = "(?!.*--)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$";
    private static final Set<String> PROTOCOLS = Set.of("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE");
    private static final Set<String> TARGET_TYPES = Set.of("instance", "ip", "lambda", "alb");

    static TargetGroupSpec of(CreateTargetGroupRequest r) {
        String name = validName(r.name());
        String type = r.targetTypeAsString() == null ? "instance" : r.targetTypeAsString();
        if (!TARGET_TYPES.contains(type)) throw enumError("targetType", type, "[instance, ip, lambda, alb]");
        if (!type.equals("instance")) {
            throw Elbv2Errors.validation("Target type '" + type + "' is not modeled by the simulated region; use 'instance'");
        }
        String protocol = r.protocolAsString();
        if (protocol == null) throw Elbv2Errors.validation("A protocol must be specified");
        if (!PROTOCOLS.contains(protocol)) {
            throw enumError("protocol", protocol, "[HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE]");
        }
        if (!protocol.equals("HTTP") && !protocol.equals("HTTPS")) {
            throw Elbv2Errors.validation("Protocol '" + protocol + "' is not modeled by the simulated region, "
                    + "which has Application Load Balancers only; use HTTP or HTTPS");
        }
        if (r.port() == null) throw Elbv2Errors.validation("A port must be specified");
        int port = range("port", r.port(), 1, 65535);
        if (r.vpcId() == null) throw Elbv2Errors.validation("A VPC ID must be specified");
        if (Boolean.FALSE.equals(r.healthCheckEnabled())) {
            throw Elbv2Errors.validation("Health checks cannot be disabled for target groups with target type 'instance'");
        }
        return new TargetGroupSpec(name, protocol, port, r.vpcId(), healthCheck(r, protocol));
    }

    private static HealthCheckSettings healthCheck(CreateTargetGroupRequest r, String protocol) {
        String hcProtocol = r.healthCheckProtocolAsString() == null ? "HTTP" : r.healthCheckProtocolAsString();
        if (!PROTOCOLS.contains(hcProtocol)) {
            throw enumError("healthCheckProtocol", hcProtocol, "[HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE]");
        }
        if (!hcProtocol.equals("HTTP") && !hcProtocol.equals("HTTPS")) {
            throw Elbv2Errors.validation("Health check protocol '" + hcProtocol
                    + "' is not supported for target groups with the protocol '" + protocol + "'");
        }
        String hcPort = r.healthCheckPort() == null ? HealthCheckSettings.TRAFFIC_PORT : r.healthCheckPort();
        if (!hcPort.equals(HealthCheckSettings.TRAFFIC_PORT)) {
            try {
                range("healthCheckPort", Integer.parseInt(hcPort), 1, 65535);
            } catch (NumberFormatException e) {
                throw Elbv2Errors.validation("Health check port '" + hcPort + "' must be 'traffic-port' or a port number");
            }
        }
        String path = r.healthCheckPath() == null ? "/" : r.healthCheckPath();
        if (path.isEmpty() || path.length() > 1024 || !path.startsWith("/")) {
            throw Elbv2Errors.validation("Health check path '" + path + "' must begin with '/' and be at most 1024 characters");
        }
        int interval = range("healthCheckIntervalSeconds", orDefault(r.healthCheckIntervalSeconds(), 30), 5, 300);
        int timeout = range("healthCheckTimeoutSeconds", orDefault(r.healthCheckTimeoutSeconds(), 5), 2, 120);
        int healthy = range("healthyThresholdCount", orDefault(r.healthyThresholdCount(), 5), 2, 10);
        int unhealthy = range("unhealthyThresholdCount", orDefault(r.unhealthyThresholdCount(), 2), 2, 10);
        if (timeout >= interval) throw Elbv2Errors.validation("Health check interval must be greater than the timeout.");
        HttpCodeMatcher matcher = HttpCodeMatcher.DEFAULT;
        if (r.matcher() != null) {
            if (r.matcher().grpcCode() != null) {
                throw Elbv2Errors.validation("A gRPC matcher cannot be used with protocol version 'HTTP1'");
            }
            String code = r.matcher().httpCode();
            matcher = HttpCodeMatcher.parse(code).orElseThrow(() -> Elbv2Errors.validation("Health check matcher HTTP code '"
                    + code + "' must be a value between 200 and 499, a list (200,202) or a range (200-299)"));
        }
        return new HealthCheckSettings(hcProtocol, hcPort, path, interval, timeout, healthy, unhealthy, matcher);
    }

    /** Whether an existing group has these settings (CreateTargetGroup is idempotent for identical settings). */
    boolean sameAs(SimTargetGroup g) {
        return protocol.equals(g.protocol) && port == g.port && Objects.equals(vpcId, g.vpcId)
                && healthCheck.equals(g.healthCheck());
    }

    private static String validName(String name) {
        if (name == null) throw Elbv2Errors.missing("name");
        if (name.length() > 32) {
            throw Elbv2Errors.validation("Target group name '" + name + "' cannot be longer than '32' characters");
        }
        if (!NAME_CHARS.matcher(name).matches()) {
            throw Elbv2Errors.validation("Target group name '" + name
                    + "' can only contain characters that are alphanumeric characters or hyphens(-)");
        }
        if (!name.matches(NAME_PATTERN)) {
            throw Elbv2Errors.validation("1 validation error detected: Value '" + name
                    + "' at 'targetGroup.targetGroupArn.targetGroupName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: " + NAME_PATTERN);
        }
        return name;
    }

    private static int orDefault(Integer v, int d) {
        return v == null ? d : v;
    }

    static int range(String member, int v, int min, int max) {
        if (v < min) throw Elbv2Errors.atLeast(member, v, min);
        if (v > max) throw Elbv2Errors.atMost(member, v, max);
        return v;
    }

    private static RuntimeException enumError(String member, String value, String set) {
        return Elbv2Errors.validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: " + set);
    }
}

package dev.fleetops.sim.elbv2;

/**
 * A target group's health check as configured (AWS defaults for instance targets: HTTP, path "/", port
 * "traffic-port", interval 30 s, timeout 5 s, healthy threshold 5, unhealthy threshold 2, matcher 200).
 */
record HealthCheckSettings(String protocol, String port, String path, int intervalSeconds, int timeoutSeconds,
                           int healthyThreshold, int unhealthyThreshold, HttpCodeMatcher matcher) {

    static final String TRAFFIC_PORT = "traffic-port";

    /** The port checks go to, given the target's own traffic port. */
    String portFor(int trafficPort) {
        return TRAFFIC_PORT.equals(port) ? Integer.toString(trafficPort) : port;
    }

    long intervalNanos() {
        return intervalSeconds * 1_000_000_000L;
    }

    long timeoutNanos() {
        return timeoutSeconds * 1_000_000_000L;
    }
}

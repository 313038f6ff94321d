package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Matcher;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target group: its settings, its targets (in registration order) and their health. Keeps counts of healthy
 * and fail-open candidates so that routing a request does not scan every target.
 */
final class SimTargetGroup {

    final String arn;
    final String name;
    final String protocol;
    final int port;
    final String vpcId;
    final TargetGroupAttributes attributes = new TargetGroupAttributes();

    private final SimContext ctx;
    private final HealthChecker checker;
    private final TargetIndex index;
    private final HealthCheckSettings healthCheck;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    /** Targets in registration order, for round-robin routing. */
    private final List<Target> ring = new ArrayList<>();
    private String loadBalancerArn;
    private long registrations;
    private int healthy;
    private int unhealthy;
    private int failOpen;
    private int cursor;

    SimTargetGroup(SimContext ctx, HealthChecker checker, TargetIndex index, String arn, String name,
                   String protocol, int port, String vpcId, HealthCheckSettings healthCheck) {
        this.ctx = ctx;
        this.checker = checker;
        this.index = index;
        this.arn = arn;
        this.name = name;
        this.protocol = protocol;
        this.port = port;
        this.vpcId = vpcId;
        this.healthCheck = healthCheck;
    }

    HealthCheckSettings healthCheck() {
        return healthCheck;
    }

    HealthChecker checker() {
        return checker;
    }

    String loadBalancerArn() {
        return loadBalancerArn;
    }

    boolean inUse() {
        return loadBalancerArn != null;
    }

    Target target(String instanceId, int targetPort) {
        return targets.get(Target.key(instanceId, targetPort));
    }

    Target anyTarget(String instanceId) {
        for (Target t : index.of(instanceId)) {
            if (t.group == this) return t;
        }
        return null;
    }

    List<Target> targets() {
        return List.copyOf(targets.values());
    }

    /** A load balancer's listener now forwards here: registered targets start their health checks. */
    void attach(String lbArn) {
        if (inUse()) return;
        loadBalancerArn = lbArn;
        for (Target t : targets.values()) {
            if (t.status == TargetStatus.NOT_IN_USE) enterService(t);
        }
    }

    /** Registers a target (idempotent); a draining target is registered afresh. */
    void register(String instanceId, int targetPort) {
        Target existing = targets.get(Target.key(instanceId, targetPort));
        if (existing != null) {
            if (existing.status != TargetStatus.DRAINING) return;
            remove(existing);
        }
        Target t = new Target(this, instanceId, checker.handle(instanceId), targetPort, ++registrations);
        targets.put(t.key(), t);
        ring.add(t);
        index.add(t);
        if (inUse()) enterService(t);
        else setStatus(t, TargetStatus.NOT_IN_USE, Reason.NOT_IN_USE);
    }

    /**
     * A target of a group in use: health checked if its instance runs; registration stays in progress while it is
     * pending (Auto Scaling registers instances it has just launched); unused while it is stopped.
     */
    private void enterService(Target t) {
        switch (checker.instanceState(t.instanceId)) {
            case "running" -> startChecking(t, Reason.REGISTRATION_IN_PROGRESS);
            case "pending" -> setStatus(t, TargetStatus.INITIAL, Reason.REGISTRATION_IN_PROGRESS);
            default -> setStatus(t, TargetStatus.INVALID_STATE, Reason.INVALID_STATE_STOPPED);
        }
    }

    /** Starts draining for the group's deregistration delay (no-op if not registered or already draining). */
    void deregister(String instanceId, int targetPort) {
        Target t = targets.get(Target.key(instanceId, targetPort));
        if (t == null || t.status == TargetStatus.DRAINING) return;
        checker.stop(t);
        long delay = attributes.deregistrationDelaySeconds();
        if (delay == 0) {
            setStatus(t, TargetStatus.DRAINING, Reason.DEREGISTRATION_IN_PROGRESS);
            remove(t);
            return;
        }
        setStatus(t, TargetStatus.DRAINING, Reason.DEREGISTRATION_IN_PROGRESS);
        t.drainTimer = ctx.scheduler().scheduleNanos(delay * 1_000_000_000L, () -> remove(t));
    }

    /** EC2 says the target's instance changed state. */
    void instanceChanged(Target t, String to) {
        if (t.status == TargetStatus.DRAINING) return;
        switch (to) {
            case "stopped" -> {
                checker.stop(t);
                setStatus(t, TargetStatus.INVALID_STATE, Reason.INVALID_STATE_STOPPED);
            }
            case "running" -> {
                boolean registeredWhilePending = t.status == TargetStatus.INITIAL && t.checkTimer == null;
                if (t.status != TargetStatus.INVALID_STATE && !registeredWhilePending) return;
                if (!inUse()) setStatus(t, TargetStatus.NOT_IN_USE, Reason.NOT_IN_USE);
                else startChecking(t, registeredWhilePending ? Reason.REGISTRATION_IN_PROGRESS : Reason.INITIAL_HEALTH_CHECKING);
            }
            // AWS deregisters terminated instances from their target groups (draining first).
            case "shutting-down", "terminated" -> deregister(t.instanceId, t.port);
            default -> { }
        }
    }

    private void startChecking(Target t, Reason reason) {
        setStatus(t, TargetStatus.INITIAL, reason);
        checker.start(t);
    }

    private void remove(Target t) {
        if (targets.get(t.key()) != t) return;
        checker.stop(t);
        if (t.drainTimer != null) t.drainTimer.cancel();
        setStatus(t, TargetStatus.DRAINING, Reason.DEREGISTRATION_IN_PROGRESS); // leaves the routing counts
        targets.remove(t.key());
        int at = ring.indexOf(t);
        ring.remove(at);
        if (at < cursor) cursor--;
        if (cursor >= ring.size()) cursor = 0;
        index.remove(t);
        if (ctx.timeline().recording()) {
            ctx.log("elbv2.health", t.instanceId, name + ": draining -> deregistered");
        }
    }

    /** The one place a target's status changes: keeps the routing counts and logs transitions. */
    void setStatus(Target t, TargetStatus status, Reason reason) {
        TargetStatus from = t.status;
        if (from == TargetStatus.HEALTHY) healthy--;
        if (from == TargetStatus.UNHEALTHY) unhealthy--;
        if (from != null && from.failOpenCandidate()) failOpen--;
        if (status == TargetStatus.HEALTHY) healthy++;
        if (status == TargetStatus.UNHEALTHY) unhealthy++;
        if (status.failOpenCandidate()) failOpen++;
        t.status = status;
        t.reason = reason;
        if (from != status && ctx.timeline().recording()) {
            ctx.log("elbv2.health", t.instanceId, name + ": " + (from == null ? "registered" : from.awsState)
                    + " -> " + status.awsState + (reason == null ? "" : " (" + reason.code + ")"));
        }
    }

    /** How many targets are unhealthy now (draining and removed targets are not). */
    int unhealthy() {
        return unhealthy;
    }

    /**
     * The next target for a request, round-robin over the healthy targets; when none is healthy the group fails
     * open over every health-checked target (initial or unhealthy). Null when there is nothing to route to.
     */
    Target pick() {
        int n = ring.size();
        boolean open = healthy == 0;
        if (n == 0 || (open && failOpen == 0)) return null;
        for (int i = 0; i < n; i++) {
            if (cursor >= n) cursor = 0;
            Target t = ring.get(cursor++);
            if (open ? t.status.failOpenCandidate() : t.status == TargetStatus.HEALTHY) return t;
        }
        return null;
    }

    TargetGroup toSdk() {
        return TargetGroup.builder()
                .targetGroupArn(arn)
                .targetGroupName(name)
                .protocol(protocol)
                .protocolVersion("HTTP1")
                .port(port)
                .vpcId(vpcId)
                .healthCheckProtocol(healthCheck.protocol())
                .healthCheckPort(healthCheck.port())
                .healthCheckEnabled(true)
                .healthCheckIntervalSeconds(healthCheck.intervalSeconds())
                .healthCheckTimeoutSeconds(healthCheck.timeoutSeconds())
                .healthyThresholdCount(healthCheck.healthyThreshold())
                .unhealthyThresholdCount(healthCheck.unhealthyThreshold())
                .healthCheckPath(healthCheck.path())
                .matcher(Matcher.builder().httpCode(healthCheck.matcher().text()).build())
                .loadBalancerArns(inUse() ? List.of(loadBalancerArn) : List.of())
                .targetType("instance")
                .ipAddressType("ipv4")
                .build();
    }

    TargetHealthDescription describe(Target t) {
        return describe(t.instanceId, t.port, t.status.awsState, t.reason);
    }

    TargetHealthDescription describeUnregistered(String instanceId, int targetPort) {
        return describe(instanceId, targetPort, "unused", Reason.NOT_REGISTERED);
    }

    private TargetHealthDescription describe(String instanceId, int targetPort, String state, Reason reason) {
        TargetHealth.Builder health = TargetHealth.builder().state(state);
        if (reason != null) health.reason(reason.code).description(reason.description);
        return TargetHealthDescription.builder()
                .target(TargetDescription.builder().id(instanceId).port(targetPort).build())
                .healthCheckPort(healthCheck.portFor(targetPort))
                .targetHealth(health.build())
                .build();
    }
}

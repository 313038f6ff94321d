package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The target group operations of the ELBv2 API: groups, their attributes, targets and target health. */
final class TargetGroups {

    private static final Pattern ARN = Pattern.compile(
            "arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\\d{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");

    private final SimContext ctx;
    private final Instances instances;
    private final HealthChecker checker;
    private final TargetIndex index;
    private final Map<String, SimTargetGroup> byArn = new LinkedHashMap<>();
    private final Map<String, SimTargetGroup> byName = new LinkedHashMap<>();

    TargetGroups(SimContext ctx, Instances instances, TargetIndex index) {
        this.ctx = ctx;
        this.instances = instances;
        this.index = index;
        this.checker = new HealthChecker(ctx.scheduler(), instances);
    }

    Optional<SimTargetGroup> byArn(String arn) {
        return Optional.ofNullable(byArn.get(arn));
    }

    Optional<SimTargetGroup> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** A group named by ARN in a request: malformed -> ValidationError, unknown -> TargetGroupNotFound. */
    SimTargetGroup require(String arn) {
        if (arn == null) throw Elbv2Errors.missing("targetGroupArn");
        if (!ARN.matcher(arn).matches()) throw Elbv2Errors.validation("'" + arn + "' is not a valid target group ARN");
        SimTargetGroup g = byArn.get(arn);
        if (g == null) throw Elbv2Errors.targetGroupNotFound(arn);
        return g;
    }

    CreateTargetGroupResponse create(CreateTargetGroupRequest r) {
        TargetGroupSpec spec = TargetGroupSpec.of(r);
        SimTargetGroup existing = byName.get(spec.name());
        if (existing != null) {
            // Idempotent: the same name with the same settings answers the existing group.
            if (!spec.sameAs(existing)) throw Elbv2Errors.duplicateTargetGroupName(spec.name());
            return CreateTargetGroupResponse.builder().targetGroups(existing.toSdk()).build();
        }
        String arn = "arn:aws:elasticloadbalancing:" + ctx.region() + ":" + ctx.accountId() + ":targetgroup/"
                + spec.name() + "/" + hex16();
        SimTargetGroup g = new SimTargetGroup(ctx, checker, index, arn, spec.name(), spec.protocol(), spec.port(),
                spec.vpcId(), spec.healthCheck());
        byArn.put(arn, g);
        byName.put(g.name, g);
        return CreateTargetGroupResponse.builder().targetGroups(g.toSdk()).build();
    }

    DescribeTargetGroupsResponse describe(DescribeTargetGroupsRequest r, LoadBalancers lbs) {
        List<SimTargetGroup> found = new ArrayList<>();
        int filters = (r.loadBalancerArn() != null ? 1 : 0) + (r.hasTargetGroupArns() ? 1 : 0) + (r.hasNames() ? 1 : 0);
        if (filters > 1) {
            throw Elbv2Errors.validation("Only one of load balancer ARN, target group ARNs or names can be specified");
        }
        if (r.loadBalancerArn() != null) {
            lbs.require(r.loadBalancerArn());
            for (SimTargetGroup g : byArn.values()) {
                if (r.loadBalancerArn().equals(g.loadBalancerArn())) found.add(g);
            }
        } else if (r.hasTargetGroupArns() && !r.targetGroupArns().isEmpty()) {
            for (String arn : r.targetGroupArns()) {
                SimTargetGroup g = byArn.get(arn);
                if (g == null) throw Elbv2Errors.targetGroupsNotFound();
                if (!found.contains(g)) found.add(g);
            }
        } else if (r.hasNames() && !r.names().isEmpty()) {
            for (String name : r.names()) {
                SimTargetGroup g = byName.get(name);
                if (g == null) throw Elbv2Errors.targetGroupsNotFound();
                if (!found.contains(g)) found.add(g);
            }
        } else {
            found.addAll(byArn.values());
        }
        found.sort(Comparator.comparing(g -> g.name)); // AWS lists target groups by name
        Paging.Page<SimTargetGroup> page = Paging.page(found, r.marker(), r.pageSize());
        return DescribeTargetGroupsResponse.builder()
                .targetGroups(page.items().stream().map(SimTargetGroup::toSdk).toList())
                .nextMarker(page.nextMarker())
                .build();
    }

    DescribeTargetGroupAttributesResponse attributes(DescribeTargetGroupAttributesRequest r) {
        return DescribeTargetGroupAttributesResponse.builder()
                .attributes(require(r.targetGroupArn()).attributes.all()).build();
    }

    ModifyTargetGroupAttributesResponse modifyAttributes(ModifyTargetGroupAttributesRequest r) {
        SimTargetGroup g = require(r.targetGroupArn());
        if (!r.hasAttributes() || r.attributes().isEmpty()) throw Elbv2Errors.missing("attributes");
        return ModifyTargetGroupAttributesResponse.builder().attributes(g.attributes.modify(r.attributes())).build();
    }

    RegisterTargetsResponse register(RegisterTargetsRequest r) {
        SimTargetGroup g = require(r.targetGroupArn());
        List<TargetDescription> targets = requireTargets(r.hasTargets() ? r.targets() : null);
        List<String> notRunning = new ArrayList<>();
        for (TargetDescription t : targets) {
            Optional<Instances.View> view = instances.find(t.id());
            if (view.isEmpty()) throw Elbv2Errors.targetDoesNotExist();
            if (!view.get().state().equals("running")) notRunning.add(t.id());
        }
        if (!notRunning.isEmpty()) throw Elbv2Errors.notRunning(notRunning);
        for (TargetDescription t : targets) g.register(t.id(), portOf(t, g));
        return RegisterTargetsResponse.builder().build();
    }

    DeregisterTargetsResponse deregister(DeregisterTargetsRequest r) {
        SimTargetGroup g = require(r.targetGroupArn());
        List<TargetDescription> targets = requireTargets(r.hasTargets() ? r.targets() : null);
        for (TargetDescription t : targets) g.deregister(t.id(), portOf(t, g));
        return DeregisterTargetsResponse.builder().build();
    }

    DescribeTargetHealthResponse health(DescribeTargetHealthRequest r) {
        SimTargetGroup g = require(r.targetGroupArn());
        List<TargetHealthDescription> out = new ArrayList<>();
        if (r.hasTargets() && !r.targets().isEmpty()) {
            for (TargetDescription d : requireTargets(r.targets())) {
                if (instances.find(d.id()).isEmpty()) throw Elbv2Errors.targetDoesNotExist();
                int port = portOf(d, g);
                Target t = d.port() == null ? g.anyTarget(d.id()) : g.target(d.id(), port);
                out.add(t != null ? g.describe(t) : g.describeUnregistered(d.id(), port));
            }
        } else {
            for (Target t : g.targets()) out.add(g.describe(t));
        }
        return DescribeTargetHealthResponse.builder().targetHealthDescriptions(out).build();
    }

    private static List<TargetDescription> requireTargets(List<TargetDescription> targets) {
        if (targets == null || targets.isEmpty()) throw Elbv2Errors.missing("targets");
        for (TargetDescription t : targets) {
            if (t.id() == null) throw Elbv2Errors.missing("targets.member.id");
            if (!INSTANCE_ID.matcher(t.id()).matches()) {
                throw Elbv2Errors.validation("Instance ID '" + t.id() + "' is not valid");
            }
            if (t.port() != null && t.port() < 1) throw Elbv2Errors.atLeast("targets.member.port", t.port(), 1);
            if (t.port() != null && t.port() > 65535) throw Elbv2Errors.atMost("targets.member.port", t.port(), 65535);
        }
        return targets;
    }

    private static int portOf(TargetDescription t, SimTargetGroup g) {
        return t.port() != null ? t.port() : g.port;
    }

    private String hex16() {
        return ctx.ids().hex17("x").substring(3);
    }
}

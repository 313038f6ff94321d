package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateListenerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateLoadBalancerResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeListenersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.SubnetMapping;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Load balancers and listeners in the minimal form the ALB needs: application load balancers, active at once,
 * with HTTP/HTTPS listeners whose default action forwards to one target group.
 */
final class LoadBalancers {

    private final SimContext ctx;
    private final TargetGroups groups;
    private final Map<String, SimLoadBalancer> byArn = new LinkedHashMap<>();
    private final Map<String, SimLoadBalancer> byName = new LinkedHashMap<>();

    LoadBalancers(SimContext ctx, TargetGroups groups) {
        this.ctx = ctx;
        this.groups = groups;
    }

    Optional<SimLoadBalancer> find(String nameOrArn) {
        return Optional.ofNullable(byArn.getOrDefault(nameOrArn, byName.get(nameOrArn)));
    }

    SimLoadBalancer require(String arn) {
        if (arn == null) throw Elbv2Errors.missing("loadBalancerArn");
        SimLoadBalancer lb = byArn.get(arn);
        if (lb == null) throw Elbv2Errors.loadBalancersNotFound();
        return lb;
    }

    CreateLoadBalancerResponse create(CreateLoadBalancerRequest r) {
        String name = r.name();
        if (name == null) throw Elbv2Errors.missing("name");
        if (name.length() > 32 || !name.matches("(?!.*--)(?!^-)(?!.*-$)^[A-Za-z0-9-]+$") || name.startsWith("internal-")) {
            throw Elbv2Errors.validation("The load balancer name '" + name + "' must have at most 32 alphanumeric "
                    + "characters or hyphens, must not begin or end with a hyphen, and must not begin with 'internal-'");
        }
        String type = r.typeAsString() == null ? "application" : r.typeAsString();
        if (!type.equals("application")) {
            throw Elbv2Errors.validation("Load balancer type '" + type
                    + "' is not modeled by the simulated region, which has Application Load Balancers only");
        }
        String scheme = r.schemeAsString() == null ? "internet-facing" : r.schemeAsString();
        if (!scheme.equals("internet-facing") && !scheme.equals("internal")) {
            throw Elbv2Errors.validation("1 validation error detected: Value '" + scheme
                    + "' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internal, internet-facing]");
        }
        List<String> subnets = new ArrayList<>(r.hasSubnets() ? r.subnets() : List.of());
        if (r.hasSubnetMappings()) r.subnetMappings().stream().map(SubnetMapping::subnetId).forEach(subnets::add);
        if (subnets.size() < 2) {
            throw Elbv2Errors.validation("At least two subnets in two different Availability Zones must be specified");
        }
        List<String> securityGroups = r.hasSecurityGroups() ? r.securityGroups() : List.of();
        SimLoadBalancer existing = byName.get(name);
        if (existing != null) {
            if (!existing.scheme.equals(scheme) || !existing.subnets.equals(subnets)) {
                throw Elbv2Errors.duplicateLoadBalancerName(name);
            }
            return CreateLoadBalancerResponse.builder().loadBalancers(existing.toSdk()).build();
        }
        String id = hex16();
        String arn = "arn:aws:elasticloadbalancing:" + ctx.region() + ":" + ctx.accountId() + ":loadbalancer/app/"
                + name + "/" + id;
        long number = Long.parseLong(ctx.ids().hex8("n").substring(2), 16) % 1_000_000_000L;
        String dns = (scheme.equals("internal") ? "internal-" : "") + name + "-" + number + "." + ctx.region()
                + ".elb.amazonaws.com";
        SimLoadBalancer lb = new SimLoadBalancer(arn, name, scheme, dns, ctx.scheduler().now(), subnets, securityGroups);
        byArn.put(arn, lb);
        byName.put(name, lb);
        return CreateLoadBalancerResponse.builder().loadBalancers(lb.toSdk()).build();
    }

    DescribeLoadBalancersResponse describe(DescribeLoadBalancersRequest r) {
        List<SimLoadBalancer> found = new ArrayList<>();
        if (r.hasLoadBalancerArns() && !r.loadBalancerArns().isEmpty()) {
            for (String arn : r.loadBalancerArns()) add(found, byArn.get(arn));
        } else if (r.hasNames() && !r.names().isEmpty()) {
            for (String name : r.names()) add(found, byName.get(name));
        } else {
            found.addAll(byArn.values());
        }
        Paging.Page<SimLoadBalancer> page = Paging.page(found, r.marker(), r.pageSize());
        return DescribeLoadBalancersResponse.builder()
                .loadBalancers(page.items().stream().map(SimLoadBalancer::toSdk).toList())
                .nextMarker(page.nextMarker())
                .build();
    }

    CreateListenerResponse createListener(CreateListenerRequest r) {
        SimLoadBalancer lb = require(r.loadBalancerArn());
        if (r.port() == null) throw Elbv2Errors.missing("port");
        int port = TargetGroupSpec.range("port", r.port(), 1, 65535);
        String protocol = r.protocolAsString() == null ? "HTTP" : r.protocolAsString();
        if (!protocol.equals("HTTP") && !protocol.equals("HTTPS")) {
            throw Elbv2Errors.validation("Listener protocol '" + protocol
                    + "' must be one of 'HTTPS, HTTP' for an Application Load Balancer");
        }
        if (protocol.equals("HTTPS") && (!r.hasCertificates() || r.certificates().isEmpty())) {
            throw Elbv2Errors.validation("A certificate must be specified for HTTPS listeners");
        }
        SimTargetGroup group = forwardTarget(r.hasDefaultActions() ? r.defaultActions() : List.of());
        SimLoadBalancer.SimListener existing = lb.listener(port);
        if (existing != null) {
            if (existing.protocol().equals(protocol) && existing.targetGroup() == group) {
                return CreateListenerResponse.builder().listeners(existing.toSdk()).build();
            }
            throw Elbv2Errors.duplicateListener();
        }
        if (group.inUse() && !group.loadBalancerArn().equals(lb.arn)) throw Elbv2Errors.associationLimit(group.arn);
        String arn = lb.arn.replace(":loadbalancer/", ":listener/") + "/" + hex16();
        SimLoadBalancer.SimListener listener = new SimLoadBalancer.SimListener(arn, lb.arn, port, protocol, group);
        lb.add(listener);
        group.attach(lb.arn);
        return CreateListenerResponse.builder().listeners(listener.toSdk()).build();
    }

    DescribeListenersResponse describeListeners(DescribeListenersRequest r) {
        List<SimLoadBalancer.SimListener> found = new ArrayList<>();
        boolean byArns = r.hasListenerArns() && !r.listenerArns().isEmpty();
        if (r.loadBalancerArn() != null && byArns) {
            throw Elbv2Errors.validation("Listener ARNs and a load balancer ARN cannot be specified at the same time");
        }
        if (r.loadBalancerArn() != null) {
            found.addAll(require(r.loadBalancerArn()).listeners());
        } else if (byArns) {
            for (String arn : r.listenerArns()) {
                SimLoadBalancer.SimListener l = listenerByArn(arn);
                if (l == null) throw Elbv2Errors.listenersNotFound();
                if (!found.contains(l)) found.add(l);
            }
        } else {
            throw Elbv2Errors.validation("You must specify either listener ARNs or a load balancer ARN");
        }
        Paging.Page<SimLoadBalancer.SimListener> page = Paging.page(found, r.marker(), r.pageSize());
        return DescribeListenersResponse.builder()
                .listeners(page.items().stream().map(SimLoadBalancer.SimListener::toSdk).toList())
                .nextMarker(page.nextMarker())
                .build();
    }

    /** The one target group a listener's default actions forward to. */
    private SimTargetGroup forwardTarget(List<Action> actions) {
        if (actions.isEmpty()) throw Elbv2Errors.missing("defaultActions");
        if (actions.size() > 1) {
            throw Elbv2Errors.validation("The simulated region models listeners with a single forward action");
        }
        Action a = actions.get(0);
        if (!"forward".equals(a.typeAsString())) {
            throw Elbv2Errors.validation("Action type '" + a.typeAsString()
                    + "' is not modeled by the simulated region; use 'forward'");
        }
        String arn = a.targetGroupArn();
        if (arn == null && a.forwardConfig() != null && a.forwardConfig().hasTargetGroups()) {
            List<TargetGroupTuple> tuples = a.forwardConfig().targetGroups();
            if (tuples.size() != 1) {
                throw Elbv2Errors.validation("The simulated region models forward actions to a single target group");
            }
            arn = tuples.get(0).targetGroupArn();
        }
        if (arn == null) throw Elbv2Errors.validation("A target group ARN must be specified for a forward action");
        String target = arn;
        return groups.byArn(arn).orElseThrow(() -> Elbv2Errors.targetGroupNotFound(target));
    }

    private SimLoadBalancer.SimListener listenerByArn(String arn) {
        for (SimLoadBalancer lb : byArn.values()) {
            for (SimLoadBalancer.SimListener l : lb.listeners()) {
                if (l.arn().equals(arn)) return l;
            }
        }
        return null;
    }

    private static void add(List<SimLoadBalancer> found, SimLoadBalancer lb) {
        if (lb == null) throw Elbv2Errors.loadBalancersNotFound();
        if (!found.contains(lb)) found.add(lb);
    }

    private String hex16() {
        return ctx.ids().hex17("x").substring(3);
    }
}

package dev.fleetops.reconcile.resources;

import dev.fleetops.reconcile.ApplyContext;
import dev.fleetops.reconcile.Kind;
import dev.fleetops.reconcile.Meta;
import dev.fleetops.reconcile.Resource;
import dev.fleetops.reconcile.Result;
import dev.fleetops.reconcile.Watch;
import dev.fleetops.reconcile.WatchContext;
import dev.fleetops.source.InputError;
import dev.fleetops.source.Location;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code elbv2:target}: the instance of an {@code ec2:instance} resource (by resource name) registered in a target
 * group, or not. It requires that resource implicitly, so it runs after it and is re-checked whenever the instance
 * was changed (a replaced instance gets registered). ELBv2 emits no events for registrations: out-of-band
 * deregistration is noticed with {@code meta.poll}.
 */
final class Elbv2Target implements Resource {

    public static final String KIND = "elbv2:target";
    private static final Set<String> PROPERTIES = Set.of("instance", "targetGroup", "port", "state");

    private final String name;
    private final Meta meta;
    private final Location location;
    private final Node instanceNode;
    private final String instance;
    private final String targetGroup;
    private final Integer port;
    private final boolean registered;
    private volatile String targetGroupArn;

    private Elbv2Target(String name, Meta meta, MapNode m) {
        this.name = name;
        this.meta = meta;
        this.location = m.location();
        this.instanceNode = m.require("instance");
        this.instance = instanceNode.asScalar().asString();
        this.targetGroup = m.string("targetGroup");
        this.port = m.get("port").map(n -> n.asScalar().asInt(1, 65535)).orElse(null);
        this.registered = m.get("state").map(n -> Ec2InstanceSpecs.oneOf(n, List.of("registered", "deregistered")))
                .orElse("registered").equals("registered");
    }

    /** This kind in fleet files, found through META-INF/services/dev.fleetops.reconcile.Kind. */
    public static final class Type extends Kind.Declared {
        public Type() {
            super(KIND, PROPERTIES, (node, name, meta) -> new Elbv2Target(name, meta, node));
        }
    }

    public String kind() { return KIND; }
    public String name() { return name; }
    public Meta meta() { return meta; }
    public Location location() { return location; }

    @Override
    public List<String> implicitRequires() {
        return List.of(instance);
    }

    @Override
    public List<InputError> validate(Map<String, Resource> fleet) {
        Resource r = fleet.get(instance);
        if (!(r instanceof Ec2Instance i)) {
            return List.of(InputError.at(instanceNode, r == null ? "no ec2:instance resource named '" + instance + "'"
                    : "'" + instance + "' is a " + r.kind() + " resource; expected an ec2:instance"));
        }
        if (registered && i.spec().state().equals("terminated")) {
            return List.of(InputError.at(instanceNode, "'" + instance + "' is to be terminated; it cannot be registered"));
        }
        return List.of();
    }

    @Override
    public Watch watch(WatchContext ctx) {
        ctx.ready(); // nothing to subscribe to: changes of the instance arrive as refreshes from its resource
        return () -> { };
    }

    @Override
    public CompletionStage<Result> checkApply(boolean apply, ApplyContext ctx) {
        return arn(ctx).thenCompose(arn -> InstanceReader.of(ctx.services()).byName(instance).thenCompose(found -> {
            if (found.isEmpty()) {
                if (!registered) return CompletableFuture.completedFuture(Result.alreadyRight());
                if (!apply) return CompletableFuture.completedFuture(Result.changed("register " + instance
                        + " (once launched) in " + targetGroup));
                throw new IllegalStateException("no live instance named " + instance + " to register in " + targetGroup);
            }
            String id = found.get(0).instanceId();
            return ctx.services().cloud().elbv2().describeTargetHealth(DescribeTargetHealthRequest.builder()
                    .targetGroupArn(arn).build()).thenCompose(h -> {
                        boolean present = false;
                        for (TargetHealthDescription d : h.targetHealthDescriptions()) {
                            if (!id.equals(d.target().id())) continue;
                            if (port != null && d.target().port() != null && !port.equals(d.target().port())) continue;
                            String state = d.targetHealth() == null ? "" : d.targetHealth().stateAsString();
                            if (!"draining".equals(state)) present = true;
                        }
                        if (present == registered) return CompletableFuture.completedFuture(Result.alreadyRight());
                        String change = (registered ? "register " : "deregister ") + id + " (" + instance + ") "
                                + (registered ? "in " : "from ") + targetGroup;
                        if (!apply) return CompletableFuture.completedFuture(Result.changed(change));
                        TargetDescription t = TargetDescription.builder().id(id).port(port).build();
                        CompletionStage<?> call = registered
                                ? ctx.services().cloud().elbv2().registerTargets(RegisterTargetsRequest.builder()
                                        .targetGroupArn(arn).targets(t).build())
                                : ctx.services().cloud().elbv2().deregisterTargets(DeregisterTargetsRequest.builder()
                                        .targetGroupArn(arn).targets(t).build());
                        return call.thenApply(x -> Result.changed(change));
                    });
        }));
    }

    private CompletionStage<String> arn(ApplyContext ctx) {
        if (targetGroup.startsWith("arn:")) return CompletableFuture.completedFuture(targetGroup);
        String known = targetGroupArn;
        if (known != null) return CompletableFuture.completedFuture(known);
        return ctx.services().cloud().elbv2().describeTargetGroups(DescribeTargetGroupsRequest.builder()
                .names(targetGroup).build()).thenApply(r -> {
                    targetGroupArn = r.targetGroups().get(0).targetGroupArn();
                    return targetGroupArn;
                });
    }
}

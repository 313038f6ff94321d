package dev.fleetops.reconcile.resources;

import dev.fleetops.reconcile.ApplyContext;
import dev.fleetops.reconcile.Kind;
import dev.fleetops.reconcile.Meta;
import dev.fleetops.reconcile.Resource;
import dev.fleetops.reconcile.Result;
import dev.fleetops.reconcile.Watch;
import dev.fleetops.reconcile.WatchContext;
import dev.fleetops.source.Location;
import dev.fleetops.source.MapNode;
import dev.fleetops.waiters.Poll;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.StartInstancesRequest;
import software.amazon.awssdk.services.ec2.model.StopInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code ec2:instance}: one instance identified by its Name tag (the resource name), kept running, stopped or
 * terminated. Check/apply follows mgmt's aws:ec2 (mgmt's engine/resources/aws_ec2.go) without its gaps: idempotent creation
 * ({@link InstanceLauncher}), batched lookups with state filters ({@link InstanceReader}), non-blocking waits poked
 * by events ({@link InstanceWaits}). Image, type, subnet, security groups and market are set at creation; an
 * instance that differs in them is reported, not replaced.
 */
final class Ec2Instance implements Resource {

    public static final String KIND = "ec2:instance";

    /** The desired properties. */
    public record Spec(String state, String image, String instanceType, String subnet, List<String> securityGroups,
                       Map<String, String> tags, boolean spot, String userData) { }

    private final String name;
    private final Meta meta;
    private final Location location;
    private final Spec spec;
    private final InstanceLauncher launcher;
    private volatile WatchContext watch;
    private volatile Poll<Instance> waiting;
    private String followed;
    private Runnable unfollow;

    Ec2Instance(String name, Meta meta, Location location, Spec spec) {
        this.name = name;
        this.meta = meta;
        this.location = location;
        this.spec = spec;
        this.launcher = new InstanceLauncher(name, spec);
    }

    /** This kind in fleet files, found through META-INF/services/dev.fleetops.reconcile.Kind. */
    public static final class Type extends Kind.Declared {
        public Type() {
            super(KIND, Ec2InstanceSpecs.PROPERTIES, (node, name, meta) -> new Ec2Instance(name, meta, node.location(), Ec2InstanceSpecs.read(node)));
        }
    }

    public String kind() { return KIND; }
    public String name() { return name; }
    public Meta meta() { return meta; }
    public Location location() { return location; }
    public Spec spec() { return spec; }

    @Override
    public Watch watch(WatchContext ctx) {
        if (ctx.services().events().isEmpty()) return Ticker.start(ctx, Ticker.FALLBACK);
        watch = ctx;
        InstanceEvents.of(ctx.services()).ready().whenComplete((v, e) -> {
            if (e != null) ctx.failed(e);
            else ctx.ready(); // only once events really flow (seed 001's first race)
        });
        return () -> {
            watch = null;
            synchronized (this) {
                if (unfollow != null) unfollow.run();
                unfollow = null;
                followed = null;
            }
        };
    }

    /** Routes state-change events about {@code id} to this resource: poke a running wait, mark dirty. */
    private synchronized void follow(String id, ApplyContext ctx) {
        if (id.equals(followed) || ctx.services().events().isEmpty() || watch == null) return;
        if (unfollow != null) unfollow.run();
        followed = id;
        unfollow = InstanceEvents.of(ctx.services()).follow(id, state -> {
            Poll<Instance> p = waiting;
            if (p != null) p.poke();
            WatchContext w = watch;
            if (w != null) w.event("EC2 state-change: " + id + " -> " + state);
        });
    }

    @Override
    public CompletionStage<Result> checkApply(boolean apply, ApplyContext ctx) {
        return InstanceReader.of(ctx.services()).byName(name).thenCompose(found -> {
            if (found.size() > 1) {
                throw new IllegalStateException(found.size() + " live instances bear Name=" + name + " ("
                        + String.join(", ", found.stream().map(Instance::instanceId).toList())
                        + "); one resource manages one instance: terminate the extras");
            }
            Instance i = found.isEmpty() ? null : found.get(0);
            if (i != null) follow(i.instanceId(), ctx);
            return decide(i, apply, ctx, new ArrayList<>());
        });
    }

    private CompletionStage<Result> decide(Instance i, boolean apply, ApplyContext ctx, List<String> changes) {
        if (i == null) {
            // mgmt's meaning: no instance satisfies "terminated", and also "stopped" (nothing runs)
            if (!spec.state().equals("running")) return done(changes);
            changes.add("create: " + Ec2InstanceSpecs.describe(spec));
            if (!apply) return done(changes);
            return launcher.create(ctx).thenCompose(id -> {
                follow(id, ctx);
                changes.set(changes.size() - 1, changes.get(changes.size() - 1) + " -> " + id);
                return until(id, Set.of("running"), ctx);
            }).thenCompose(x -> done(changes));
        }
        String id = i.instanceId();
        String state = i.state().nameAsString();
        if (!apply && Set.of("pending", "stopping", "shutting-down").contains(state)) {
            return decide(state.equals("shutting-down") ? null : i, false, ctx, changes); // judge where it is going
        }
        switch (state) {
            case "pending":
                return until(id, Set.of("running", "stopped", "terminated"), ctx).thenCompose(x -> decide(live(x), true, ctx, changes));
            case "stopping":
                return until(id, Set.of("stopped", "terminated"), ctx).thenCompose(x -> decide(live(x), true, ctx, changes));
            case "shutting-down":
                return until(id, Set.of("terminated"), ctx).thenCompose(x -> decide(null, true, ctx, changes));
            default:
                break;
        }
        if (spec.state().equals("terminated")) {
            changes.add("state: " + state + " -> terminated (" + id + ")");
            if (!apply) return done(changes);
            return ctx.services().cloud().ec2().terminateInstances(TerminateInstancesRequest.builder().instanceIds(id).build())
                    .thenCompose(r -> until(id, Set.of("terminated"), ctx)).thenCompose(x -> done(changes));
        }
        List<String> fixed = Ec2InstanceSpecs.immutableDifferences(spec, i);
        if (!fixed.isEmpty()) {
            throw new IllegalStateException(id + " differs from the fleet file in " + String.join("; ", fixed)
                    + ": these are set at launch; terminate the instance (it is then recreated) or change the file");
        }
        List<Tag> tags = Ec2InstanceSpecs.missingTags(spec, i);
        CompletionStage<?> tagged = CompletableFuture.completedFuture(null);
        if (!tags.isEmpty()) {
            changes.add("tags: " + String.join(", ", tags.stream().map(t -> t.key() + "=" + t.value()).toList()));
            if (apply) tagged = ctx.services().cloud().ec2().createTags(CreateTagsRequest.builder().resources(id).tags(tags).build());
        }
        if (spec.state().equals("running") && state.equals("stopped")) {
            changes.add("state: stopped -> running (" + id + ")");
            if (!apply) return done(changes);
            return tagged.thenCompose(x -> ctx.services().cloud().ec2().startInstances(
                    StartInstancesRequest.builder().instanceIds(id).build()))
                    .thenCompose(r -> until(id, Set.of("running"), ctx)).thenCompose(x -> done(changes));
        }
        if (spec.state().equals("stopped") && state.equals("running")) {
            changes.add("state: running -> stopped (" + id + ")");
            if (!apply) return done(changes);
            return tagged.thenCompose(x -> ctx.services().cloud().ec2().stopInstances(
                    StopInstancesRequest.builder().instanceIds(id).build()))
                    .thenCompose(r -> until(id, Set.of("stopped"), ctx)).thenCompose(x -> done(changes));
        }
        return tagged.thenCompose(x -> done(changes));
    }

    private static Instance live(Instance i) {
        return i == null || i.state().nameAsString().equals("terminated") ? null : i;
    }

    private CompletionStage<Instance> until(String id, Set<String> states, ApplyContext ctx) {
        return InstanceWaits.until(id, states, ctx, p -> waiting = p);
    }

    private static CompletionStage<Result> done(List<String> changes) {
        return CompletableFuture.completedFuture(changes.isEmpty() ? Result.alreadyRight() : Result.changed(changes));
    }

    static Set<String> groupIds(Instance i) {
        Set<String> s = new TreeSet<>();
        for (GroupIdentifier g : i.securityGroups()) s.add(g.groupId());
        return s;
    }
}

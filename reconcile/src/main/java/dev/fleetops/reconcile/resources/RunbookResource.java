package dev.fleetops.reconcile.resources;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code runbook}: an SSM document run through the {@link dev.fleetops.execution.RunbookRunner} when a resource it
 * requires was changed (mgmt's refresh, like an exec resource that runs on notification). Right otherwise.
 */
final class RunbookResource implements Resource {

    public static final String KIND = "runbook";
    private static final Set<String> PROPERTIES = Set.of("document", "parameters");

    private final String name;
    private final Meta meta;
    private final Location location;
    private final String document;
    private final Map<String, List<String>> parameters = new LinkedHashMap<>();

    private RunbookResource(String name, Meta meta, MapNode m) {
        this.name = name;
        this.meta = meta;
        this.location = m.location();
        this.document = m.string("document");
        m.get("parameters").ifPresent(p -> {
            for (var e : p.asMap().list()) parameters.put(e.getKey(), Ec2InstanceSpecs.strings(e.getValue()));
        });
    }

    /** This kind in fleet files, found through META-INF/services/dev.fleetops.reconcile.Kind. */
    public static final class Type extends Kind.Declared {
        public Type() {
            super(KIND, PROPERTIES, (node, name, meta) -> new RunbookResource(name, meta, node));
        }
    }

    public String kind() { return KIND; }
    public String name() { return name; }
    public Meta meta() { return meta; }
    public Location location() { return location; }

    @Override
    public List<InputError> validate(Map<String, Resource> fleet) {
        return List.of();
    }

    @Override
    public Watch watch(WatchContext ctx) {
        ctx.ready(); // runs on refresh from what it requires, never on its own events
        return () -> { };
    }

    @Override
    public CompletionStage<Result> checkApply(boolean apply, ApplyContext ctx) {
        if (!ctx.refresh()) return CompletableFuture.completedFuture(Result.alreadyRight());
        String change = "run " + document + (parameters.isEmpty() ? "" : " " + parameters);
        if (!apply) return CompletableFuture.completedFuture(Result.changed(change));
        return ctx.services().runbooks().run(document, parameters).thenApply((ExecutionRecord r) -> {
            if (r.status() != Status.Success) {
                throw new IllegalStateException(document + " ended " + r.status()
                        + r.failureMessage().map(m -> ": " + m).orElse("") + " (execution " + r.id() + ")");
            }
            return Result.changed(change + ": " + r.id() + " Success");
        });
    }
}

package dev.fleetops.handlers.decommission;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.spi.ActionKey;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerFactory;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.Periodic;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.Api;
import dev.fleetops.handlers.AwsErrors;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code decommission}: seed 002 made correct. On EC2 state-change events: at {@code pending}/{@code running} it
 * captures what cleanup will need into the {@link Inventory}; at {@code shutting-down}/{@code terminated} (by
 * default) it runs each configured {@link Cleanup} that is not yet done for the instance, "already gone" being
 * success. A replayed event does nothing new (the inventory remembers each cleanup done); a failed cleanup fails
 * the record, so redelivery retries it, and only it.
 */
public final class DecommissionHandler implements Handler, Periodic {

    public static final String NAME = "decommission";

    private final DecommissionSettings settings;
    private final Inventory inventory;
    private final Capture capture;

    DecommissionHandler(DecommissionSettings settings, Inventory inventory) {
        this.settings = settings;
        this.inventory = inventory;
        this.capture = new Capture(settings);
    }

    public static HandlerFactory factory() {
        return new Factory();
    }

    /**
     * Every decommission rule over one inventory the daemon shares (a DynamoDB table, for several replicas); a rule
     * that names its own {@code inventory-file} is rejected at its line.
     */
    public static HandlerFactory factory(Inventory shared, String describedAs) {
        return new HandlerFactory() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public Handler create(MapNode m) {
                DecommissionSettings s = DecommissionSettings.read(m);
                if (s.inventoryFile().isPresent()) {
                    throw InputError.at(m.require("inventory-file"),
                            "the inventory is " + describedAs + " (serve config): remove inventory-file");
                }
                return new DecommissionHandler(s, shared);
            }
        };
    }

    /** Listed in META-INF/services/dev.fleetops.events.spi.HandlerFactory. */
    public static final class Factory implements HandlerFactory {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Handler create(MapNode m) {
            DecommissionSettings s = DecommissionSettings.read(m);
            return new DecommissionHandler(s, s.inventoryFile().<Inventory>map(FileInventory::new)
                    .orElseGet(MemoryInventory::new));
        }
    }


    public Inventory inventory() {
        return inventory;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** shutting-down and terminated of one instance are one decommission. */
    @Override
    public Optional<ActionKey> actionKey(Event event) {
        if (!cleanupState(event)) return Optional.empty();
        return event.instanceId().map(id -> new ActionKey(id, NAME));
    }

    @Override
    public Duration interval() {
        return settings.inventoryInterval();
    }

    @Override
    public CompletionStage<String> tick(Cloud cloud) {
        return new InventoryCollector(inventory, capture, settings.cleanupNames()).collect(cloud)
                .thenApply(n -> "inventory: " + n + " live instance(s) captured");
    }

    @Override
    public CompletionStage<HandlerRecord> handle(Event event, HandlerContext ctx) {
        Recorder rec = ctx.recorder();
        if (!Event.STATE_CHANGE.equals(event.detailType())) {
            rec.note("not an instance state-change: nothing to do");
            return CompletableFuture.completedFuture(rec.finish(Status.Success));
        }
        Optional<String> id = event.instanceId();
        String state = event.detailText("state").orElse("");
        if (id.isEmpty()) return CompletableFuture.completedFuture(rec.failed("the event has no detail.instance-id"));
        rec.output("InstanceId", id.get());
        rec.output("State", state);
        Api api = Api.of(ctx);
        if (state.equals("pending") || state.equals("running")) {
            return describe(api, ctx, id.get()).thenApply(i -> {
                if (i.isEmpty() || !Capture.useful(i.get())) {
                    rec.note(id.get() + " is not described (yet): nothing captured");
                } else {
                    InventoryEntry e = capture.of(i.get(), ctx.scheduler().now());
                    inventory.put(e);
                    rec.note("captured " + summary(e));
                }
                return rec.finish(Status.Success);
            }).exceptionally(e -> rec.failed("capture failed: " + AwsErrors.message(e)));
        }
        if (!settings.states().contains(state)) {
            rec.note("state " + state + ": nothing to do (cleanups run at " + String.join(", ", settings.states()) + ")");
            return CompletableFuture.completedFuture(rec.finish(Status.Success));
        }
        return entry(api, ctx, id.get()).thenCompose(e -> {
            if (e.isEmpty()) {
                rec.note("no inventory for " + id.get() + " and it no longer has addresses: its names are unknown, "
                        + "nothing can be cleaned (was it launched before fleetops ran?)");
                return CompletableFuture.completedFuture(rec.finish(Status.Success));
            }
            return cleanups(e.get(), event, new CleanupContext(api, ctx.cloud(), new HttpCalls(rec, ctx.scheduler())), rec);
        }).exceptionally(e -> rec.failed("decommission failed: " + AwsErrors.message(e)));
    }

    private CompletableFuture<HandlerRecord> cleanups(InventoryEntry e, Event event, CleanupContext c, Recorder rec) {
        List<String> failed = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Cleanup cleanup : settings.cleanups()) {
            chain = chain.thenCompose(v -> {
                InventoryEntry now = inventory.get(e.instanceId()).orElse(e);
                if (now.cleaned().contains(cleanup.name())) {
                    rec.note(cleanup.name() + ": already done for " + e.instanceId() + ", nothing new");
                    return CompletableFuture.completedFuture(null);
                }
                Instant start = c.api().scheduler().now();
                CompletableFuture<String> run;
                try {
                    run = cleanup.run(now, event, c);
                } catch (RuntimeException ex) {
                    run = CompletableFuture.failedFuture(ex);
                }
                return run.handle((detail, ex) -> {
                    if (ex == null) {
                        inventory.markCleaned(e.instanceId(), cleanup.name());
                        rec.note(cleanup.name() + ": " + detail);
                        rec.step(cleanup.name(), NAME, Status.Success, start, Map.of(), Optional.empty());
                    } else {
                        failed.add(cleanup.name());
                        rec.note(cleanup.name() + ": failed: " + AwsErrors.message(ex));
                        rec.step(cleanup.name(), NAME, Status.Failed, start, Map.of(), Optional.of(AwsErrors.message(ex)));
                    }
                    return null;
                });
            });
        }
        return chain.thenApply(v -> failed.isEmpty() ? rec.finish(Status.Success)
                : rec.failed("cleanup(s) failed, to be retried on redelivery: " + String.join(", ", failed)));
    }

    /** The inventory's entry, or a capture now: a shutting-down instance still has its addresses. */
    private CompletableFuture<Optional<InventoryEntry>> entry(Api api, HandlerContext ctx, String id) {
        Optional<InventoryEntry> known = inventory.get(id);
        if (known.isPresent()) return CompletableFuture.completedFuture(known);
        return describe(api, ctx, id).thenApply(i -> {
            if (i.isEmpty() || !Capture.useful(i.get())) return Optional.<InventoryEntry>empty();
            InventoryEntry e = capture.of(i.get(), ctx.scheduler().now());
            inventory.put(e);
            ctx.recorder().note("not in the inventory; captured now: " + summary(e));
            return Optional.of(e);
        });
    }

    private static CompletableFuture<Optional<Instance>> describe(Api api, HandlerContext ctx, String id) {
        return api.<DescribeInstancesResponse>call("ec2", "DescribeInstances",
                        () -> ctx.cloud().ec2().describeInstances(b -> b.instanceIds(id)), "InstanceId", id)
                .handle((r, e) -> {
                    if (e != null) {
                        if (AwsErrors.instanceGone(e)) return Optional.<Instance>empty();
                        throw new IllegalStateException(AwsErrors.message(e));
                    }
                    return r.reservations().stream().flatMap(x -> x.instances().stream()).findFirst();
                });
    }

    private static String summary(InventoryEntry e) {
        return e.instanceId() + " (" + e.name().map(n -> "Name " + n + ", ").orElse("") + e.privateIp().orElse("no IP")
                + ", " + e.privateDns().orElse("no DNS name") + e.chefNode().map(n -> ", Chef node " + n).orElse("")
                + e.consulNode().map(n -> ", Consul node " + n).orElse("") + ")";
    }

    private boolean cleanupState(Event e) {
        return Event.STATE_CHANGE.equals(e.detailType()) && settings.states().contains(e.detailText("state").orElse(""));
    }
}

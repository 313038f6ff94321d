package dev.fleetops.handlers.onsim;

import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.Scope;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.lifecycle.LifecycleHookHandler;
import dev.fleetops.handlers.spot.SpotInterruptionHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The serve's scope (managed tag, allow-list) as spot-interruption and lifecycle-hook apply it: one check for both. */
class ManagedScopeTest {

    private static final Duration MAX = Duration.ofMinutes(30);
    private final List<Effect> effects = new CopyOnWriteArrayList<>();

    private HandlerRecord spot(SpotFixture f, String victim, Scope scope) {
        SpotInterruptionHandler h = (SpotInterruptionHandler) SpotInterruptionHandler.factory().create(HandlerHarness.settings(""));
        Event e = f.seed003(victim, "terminate");
        var ctx = HandlerHarness.context(f.region.cloud(), h, e, (d, p) -> {
            throw new AssertionError("no runbook");
        }, IdempotencyStores.inMemory(f.region.scheduler()), effects::add, scope);
        return f.region.scheduler().await(h.handle(e, ctx), MAX);
    }

    private static boolean detached(HandlerRecord r) {
        return HandlerHarness.calls(r).stream().anyMatch(c -> c.startsWith("DetachInstances"));
    }

    @Test
    void anUntaggedGroupIsSkippedWithTheReasonNotFailed() {
        SpotFixture f = new SpotFixture(3, "30s");
        String victim = f.inService().get(0);

        HandlerRecord r = spot(f, victim, Scope.managedTag());

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(detached(r)).isFalse();
        assertThat(r.outputs().get("Skipped")).isEqualTo("neither group web nor instance " + victim
                + " carries the managed tag fleetops/managed (serve --managed-tag, docs/handlers.md)");
        assertThat(r.notes()).anyMatch(n -> n.startsWith("skipped: neither group web"));
        assertThat(effects).containsExactly(new Effect(victim, Effect.SKIPPED));
        assertThat(f.inService()).contains(victim).hasSize(3);
    }

    @Test
    void aTaggedGroupIsActedOn() {
        SpotFixture f = new SpotFixture(3, "30s", "", Map.of(Scope.DEFAULT_TAG, "true"));
        String victim = f.inService().get(0);

        HandlerRecord r = spot(f, victim, Scope.managedTag());

        assertThat(r.outputs()).doesNotContainKey("Skipped");
        assertThat(detached(r)).isTrue();
        assertThat(f.inService()).doesNotContain(victim);
        assertThat(effects).containsExactly(new Effect(victim, Effect.DETACHED));
    }

    @Test
    void aTaggedInstanceOfAnUntaggedGroupIsActedOn() {
        SpotFixture f = new SpotFixture(3, "30s");
        String victim = f.inService().get(0);
        f.region.scheduler().await(f.region.cloud().ec2().createTags(b -> b.resources(victim)
                .tags(t -> t.key("team-managed").value(""))), MAX);

        HandlerRecord r = spot(f, victim, new Scope(Optional.of("team-managed"), Set.of()));

        assertThat(detached(r)).isTrue();
        HandlerRecord other = spot(f, f.inService().get(0), new Scope(Optional.of("team-managed"), Set.of()));
        assertThat(detached(other)).isFalse(); // its sibling has no tag
    }

    @Test
    void aGroupOutsideTheAllowListIsSkippedWithoutATagLookup() {
        SpotFixture f = new SpotFixture(3, "30s", "", Map.of(Scope.DEFAULT_TAG, "true"));
        String victim = f.inService().get(0);

        HandlerRecord r = spot(f, victim, new Scope(Optional.of(Scope.DEFAULT_TAG), Set.of("api", "batch")));

        assertThat(r.outputs()).containsEntry("Skipped", "group web is not in the allow-list (api, batch)");
        assertThat(HandlerHarness.calls(r)).containsExactly("DescribeAutoScalingInstances InstanceId=" + victim);
        assertThat(detached(spot(f, victim, new Scope(Optional.empty(), Set.of("web"))))).isTrue();
    }

    @Test
    void aLifecycleActionOfAnUnmanagedGroupIsLeftToItsDefaultResult() {
        SpotFixture f = new SpotFixture(3, "30s");
        f.region.scheduler().await(f.region.cloud().autoScaling().putLifecycleHook(b -> b.autoScalingGroupName("web")
                .lifecycleHookName("drain").lifecycleTransition("autoscaling:EC2_INSTANCE_TERMINATING")
                .heartbeatTimeout(60).defaultResult("ABANDON")), MAX);
        List<String> actions = new ArrayList<>();
        f.region.context().bus().subscribe(e -> {
            if (e.path("detail-type").asText().equals(Event.TERMINATE_ACTION)) actions.add(e.toString());
        });
        f.region.scheduler().await(f.region.cloud().autoScaling().setDesiredCapacity(b -> b.autoScalingGroupName("web")
                .desiredCapacity(2)), MAX);
        assertThat(f.region.scheduler().runUntil(() -> !actions.isEmpty(), Duration.ofMinutes(10))).isTrue();
        Event e = HandlerHarness.event(actions.get(0), f.region.scheduler().now());
        LifecycleHookHandler h = (LifecycleHookHandler) LifecycleHookHandler.factory().create(HandlerHarness.settings(""));
        var ctx = HandlerHarness.context(f.region.cloud(), h, e, (d, p) -> {
            throw new AssertionError("no runbook");
        }, IdempotencyStores.inMemory(f.region.scheduler()), effects::add, Scope.managedTag());

        HandlerRecord r = f.region.scheduler().await(h.handle(e, ctx), MAX);

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.outputs().get("Skipped")).startsWith("neither group web nor instance ");
        assertThat(HandlerHarness.calls(r)).noneMatch(c -> c.startsWith("CompleteLifecycleAction")
                || c.startsWith("RecordLifecycleActionHeartbeat"));
    }
}

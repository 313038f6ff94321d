package dev.fleetops.handlers.onsim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.spi.ActionKey;
import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.lifecycle.LifecycleHookHandler;
import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lifecycle-hook handler on the web scenario with a terminating hook (HeartbeatTimeout 60 s): a scale-in
 * puts an instance in Terminating:Wait and the simulator emits the lifecycle action event.
 */
class LifecycleHookTest {

    private static final Duration MAX = Duration.ofHours(3);
    private static final RunbookRunner NO_RUNBOOKS = (d, p) -> {
        throw new AssertionError("no runbook expected");
    };

    private final List<ObjectNode> events = new ArrayList<>();
    /** What the handler reported doing, as the daemon's metrics and log would see it. */
    private final List<Effect> effects = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A runbook that takes {@code seconds} of virtual time and ends with {@code status}. */
    private static RunbookRunner runbook(SpotFixture f, int seconds, Status status) {
        return (doc, params) -> f.region.scheduler().delay(Duration.ofSeconds(seconds)).thenApply(v ->
                new ExecutionRecord("exec-1", "runbook", doc, status, Optional.empty(), Optional.empty(), params,
                        Map.of(), status == Status.Success ? Optional.empty() : Optional.of("step 2 failed"), List.of(),
                        Optional.empty()));
    }

    private static List<String> operations(HandlerRecord r) {
        return r.apiCalls().stream().map(c -> c.operation()).toList();
    }

    private SpotFixture scenario(String delay) {
        SpotFixture f = new SpotFixture(3, delay);
        f.region.scheduler().await(f.region.cloud().autoScaling().putLifecycleHook(b -> b.autoScalingGroupName("web")
                .lifecycleHookName("drain").lifecycleTransition("autoscaling:EC2_INSTANCE_TERMINATING")
                .heartbeatTimeout(60).defaultResult("ABANDON")), MAX);
        f.region.context().bus().subscribe(e -> {
            if (e.path("detail-type").asText().equals(Event.TERMINATE_ACTION)) events.add(e);
        });
        return f;
    }

    /** Scales in by one and returns the lifecycle action event AWS would send. */
    private Event scaleIn(SpotFixture f) {
        f.region.scheduler().await(f.region.cloud().autoScaling().setDesiredCapacity(b -> b.autoScalingGroupName("web")
                .desiredCapacity(2)), MAX);
        assertThat(f.region.scheduler().runUntil(() -> !events.isEmpty(), Duration.ofMinutes(10))).isTrue();
        return HandlerHarness.event(events.get(0).toString(), f.region.scheduler().now());
    }

    private static LifecycleHookHandler handler(String yaml) {
        return (LifecycleHookHandler) LifecycleHookHandler.factory().create(HandlerHarness.settings(yaml));
    }

    private CompletableFuture<HandlerRecord> start(SpotFixture f, LifecycleHookHandler h, Event e, RunbookRunner runbooks,
                                                   IdempotencyStore store) {
        HandlerContext ctx = HandlerHarness.context(f.region.cloud(), h, e, runbooks,
                store != null ? store : IdempotencyStores.inMemory(f.region.scheduler()), effects::add);
        return h.handle(e, ctx).toCompletableFuture();
    }

    private static long heartbeats(SpotFixture f) {
        return f.region.context().gate().calls("autoscaling", "RecordLifecycleActionHeartbeat");
    }

    private static String state(SpotFixture f, String instanceId) {
        var r = f.region.scheduler().await(f.region.cloud().autoScaling().describeAutoScalingInstances(b -> b
                .instanceIds(instanceId)), MAX);
        return r.autoScalingInstances().isEmpty() ? "gone" : r.autoScalingInstances().get(0).lifecycleState();
    }

    @Test
    void drainsRunsTheRunbookWithHeartbeatsAndContinues() {
        SpotFixture f = scenario("90s");
        Event e = scaleIn(f);
        String victim = e.instanceId().orElseThrow();

        HandlerRecord r = f.region.scheduler().await(start(f, handler("runbook: CleanUp"), e,
                runbook(f, 100, Status.Success), null), MAX);

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(operations(r)).containsSubsequence("DescribeAutoScalingInstances", "DescribeLifecycleHooks",
                "DescribeAutoScalingGroups", "DeregisterTargets", "DescribeTargetHealth", "RecordLifecycleActionHeartbeat",
                "CompleteLifecycleAction");
        assertThat(HandlerHarness.calls(r)).contains("CompleteLifecycleAction AutoScalingGroupName=web LifecycleHookName=drain "
                + "InstanceId=" + victim + " LifecycleActionResult=CONTINUE");
        // On scale-in Auto Scaling deregisters the instance from its load balancer before the hooks run (Amazon EC2
        // Auto Scaling User Guide: "Amazon EC2 Auto Scaling instance lifecycle"), so the drain is already over here.
        assertThat(r.steps()).anyMatch(s -> s.stepName().equals("drain") && s.status() == Status.Success);
        assertThat(r.outputs()).containsEntry("HeartbeatIntervalSeconds", "30").containsEntry("LifecycleActionResult", "CONTINUE")
                .containsEntry("Heartbeats", "3"); // at 30, 60 and 90 s of a 100 s runbook
        Effect heartbeat = new Effect(victim, Effect.HEARTBEAT);
        assertThat(effects).as("each heartbeat reported as it is sent").containsExactly(heartbeat, heartbeat, heartbeat);
        long sent = heartbeats(f);
        f.region.scheduler().runFor(Duration.ofHours(2));
        assertThat(heartbeats(f)).as("no heartbeat after the handler finished").isEqualTo(sent);
        assertThat(state(f, victim)).isEqualTo("gone");
    }

    @Test
    void aFailedRunbookAbandonsAndStopsHeartbeats() {
        SpotFixture f = scenario("30s");
        Event e = scaleIn(f);
        RunbookRunner failing = runbook(f, 100, Status.Failed);

        HandlerRecord r = f.region.scheduler().await(start(f, handler("""
                runbook: CleanUp
                runbook-parameters: {InstanceId: $.detail.EC2InstanceId, Reason: scale-in}
                """), e, failing, null), MAX);

        assertThat(r.status()).isEqualTo(Status.Failed);
        assertThat(r.failureMessage()).contains("abandoned: runbook CleanUp ended Failed: step 2 failed");
        assertThat(r.runbooks()).singleElement().satisfies(x -> assertThat(x.parameters())
                .containsEntry("InstanceId", List.of(e.instanceId().orElseThrow())).containsEntry("Reason", List.of("scale-in")));
        assertThat(HandlerHarness.calls(r)).anyMatch(c -> c.endsWith("LifecycleActionResult=ABANDON"));
        assertThat(HandlerHarness.calls(r)).anyMatch(c -> c.startsWith("RecordLifecycleActionHeartbeat"));
        long sent = heartbeats(f);
        f.region.scheduler().runFor(Duration.ofHours(2));
        assertThat(heartbeats(f)).isEqualTo(sent);
    }

    @Test
    void anExceptionAbandonsAndStopsHeartbeats() {
        SpotFixture f = scenario("30s");
        Event e = scaleIn(f);
        RunbookRunner throwing = (doc, params) -> {
            throw new IllegalStateException("document library unreachable");
        };

        HandlerRecord r = f.region.scheduler().await(start(f, handler("runbook: CleanUp"), e, throwing, null), MAX);

        assertThat(r.failureMessage().orElseThrow()).contains("document library unreachable");
        assertThat(HandlerHarness.calls(r)).anyMatch(c -> c.endsWith("LifecycleActionResult=ABANDON"));
        long sent = heartbeats(f);
        f.region.scheduler().runFor(Duration.ofHours(2));
        assertThat(heartbeats(f)).isEqualTo(sent);
    }

    @Test
    void cancellingTheHandlerStopsHeartbeatsAndLeavesTheActionToRedelivery() {
        SpotFixture f = scenario("30s");
        Event e = scaleIn(f);
        CompletableFuture<HandlerRecord> running = start(f, handler("runbook: CleanUp"), e, runbook(f, 300, Status.Success), null);
        f.region.scheduler().runFor(Duration.ofSeconds(70)); // two heartbeats into a 300 s runbook
        long before = heartbeats(f);
        assertThat(before).isEqualTo(2);

        running.cancel(false);
        f.region.scheduler().runFor(Duration.ofHours(2));

        assertThat(heartbeats(f)).isEqualTo(before);
        assertThat(f.region.context().gate().calls("autoscaling", "CompleteLifecycleAction")).isZero();
    }

    @Test
    void aValidationErrorMeansTheActionFinishedElsewhere() {
        SpotFixture f = scenario("30s");
        Event e = scaleIn(f);
        CompletableFuture<HandlerRecord> running = start(f, handler("runbook: CleanUp"), e, runbook(f, 300, Status.Success), null);
        f.region.scheduler().runFor(Duration.ofSeconds(40));
        f.region.scheduler().await(f.region.cloud().autoScaling().completeLifecycleAction(b -> b
                .autoScalingGroupName("web").lifecycleHookName("drain").instanceId(e.instanceId().orElseThrow())
                .lifecycleActionResult("CONTINUE")), MAX);

        HandlerRecord r = f.region.scheduler().await(running, MAX);

        assertThat(r.notes()).anyMatch(n -> n.startsWith("heartbeats stopped early: the lifecycle action already finished"));
        assertThat(HandlerHarness.calls(r)).anyMatch(c -> c.startsWith("RecordLifecycleActionHeartbeat") && c.endsWith("-> ValidationError"));
    }

    @Test
    void aRedeliveredEventAfterCompletionDoesNothing() {
        SpotFixture f = scenario("30s");
        Event e = scaleIn(f);
        f.region.scheduler().await(start(f, handler(""), e, NO_RUNBOOKS, null), MAX);
        f.region.scheduler().runFor(Duration.ofMinutes(2));

        HandlerRecord again = f.region.scheduler().await(start(f, handler(""), e, NO_RUNBOOKS, null), MAX);

        assertThat(again.status()).isEqualTo(Status.Success);
        assertThat(HandlerHarness.calls(again)).containsExactly("DescribeAutoScalingInstances InstanceId=" + e.instanceId().get());
        assertThat(again.notes()).singleElement().asString().contains("the lifecycle action already finished; nothing to do");
    }

    @Test
    void anInstanceDrainedBySpotInterruptionIsNotDrainedTwiceButStillCompleted() {
        SpotFixture f = scenario("30s");
        Event e = scaleIn(f);
        IdempotencyStore store = IdempotencyStores.inMemory(f.region.scheduler());
        String key = IdempotencyStore.actionKey(new ActionKey(e.instanceId().orElseThrow(), "drain"));
        store.claim(key, "spot-warning-1", Duration.ofHours(6));
        store.complete(key, Duration.ofHours(6));

        HandlerRecord r = f.region.scheduler().await(start(f, handler(""), e, NO_RUNBOOKS, store), MAX);

        assertThat(HandlerHarness.calls(r)).noneMatch(c -> c.startsWith("DeregisterTargets"));
        assertThat(r.notes()).anyMatch(n -> n.contains("was already drained (event spot-warning-1): no second drain"));
        assertThat(r.outputs()).containsEntry("LifecycleActionResult", "CONTINUE");
    }

    @Test
    void aHeartbeatIntervalNotBelowTheTimeoutIsWarnedAbout() {
        SpotFixture f = scenario("30s");
        Event e = scaleIn(f);

        HandlerRecord r = f.region.scheduler().await(start(f, handler("heartbeat-interval: 60s\nrunbook: CleanUp"), e,
                runbook(f, 100, Status.Success), null), MAX);

        assertThat(r.notes()).contains("warning: heartbeat-interval 60 s is not below the hook's HeartbeatTimeout 60 s: "
                + "the action can time out between heartbeats");
        // The hook timed out (ABANDON, its default result) before the first heartbeat at 60 s.
        assertThat(r.notes()).anyMatch(n -> n.startsWith("heartbeats stopped early: the lifecycle action already finished"));
    }

    @Test
    void workPastMaxTimeIsAbandoned() {
        SpotFixture f = scenario("30s");
        Event e = scaleIn(f);

        HandlerRecord r = f.region.scheduler().await(start(f, handler("runbook: CleanUp\nmax-time: 2m"), e,
                runbook(f, 600, Status.Success), null), MAX);

        assertThat(r.failureMessage()).contains("abandoned: no result within max-time 120 s or the hook's GlobalTimeout");
        assertThat(r.end()).isEqualTo(r.start().plusSeconds(120));
        assertThat(HandlerHarness.calls(r)).anyMatch(c -> c.endsWith("LifecycleActionResult=ABANDON"));
        assertThat(r.outputs()).containsEntry("Heartbeats", "3"); // at 30, 60 and 90 s; the 4th would be at 120 s
    }

    @Test
    void settingsAreValidatedAtLoad() {
        assertThatThrownBy(() -> handler("transitions: terminating")).isInstanceOf(InputError.class)
                .hasMessageContaining("expected one of terminate, launch, both, got 'terminating'");
        assertThatThrownBy(() -> handler("runbook-parameters: {A: $.detail}")).isInstanceOf(InputError.class)
                .hasMessageContaining("runbook-parameters need a runbook");
        assertThatThrownBy(() -> handler("runbook: X\nrunbook-parameters: {A: '$.x[?(@.y)]'}")).isInstanceOf(InputError.class)
                .hasMessageContaining("not a JSONPath").hasMessageContaining("filters, slices and unions are not part of SSM's JSONPath");
    }
}

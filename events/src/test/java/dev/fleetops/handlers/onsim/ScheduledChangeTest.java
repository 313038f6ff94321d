package dev.fleetops.handlers.onsim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.spi.Effect;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.health.ScheduledChangeHandler;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.elbv2.TrafficGenerator;
import dev.fleetops.sim.elbv2.TrafficReport;
import dev.fleetops.sim.scenario.ScenarioReader;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AWS Health scheduled changes (instance retirement...): each affected instance is replaced through its group
 * before the scheduled start, without ever serving with fewer healthy targets than the group's desired capacity.
 */
class ScheduledChangeTest {

    private static final Duration MAX = Duration.ofHours(3);

    /** The built-in web scenario (3 instances behind web-tg) with the retirement of its second instance at 30 min. */
    private static final class Fleet {
        final SimRegion region;
        final List<ObjectNode> healthEvents = new CopyOnWriteArrayList<>();

        Fleet(int size, String code) {
            String yaml = Scenarios.builtinText("web").replace("deregistrationDelay: 300s", "deregistrationDelay: 30s") + """
                    faults:
                      scheduledEvents:
                        - {at: 30m, instance: {group: web, index: 1}, code: %s, notice: 2h}
                    """.formatted(code);
            region = Scenarios.start(ScenarioReader.read("web-retirement.yaml", yaml, Map.of("size", Integer.toString(size))));
            region.context().bus().subscribe(e -> {
                if (e.path("source").asText().equals("aws.health")) healthEvents.add(e);
            });
            Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        }

        /** Runs virtual time to the Health event and returns it as intake classifies it. */
        Event healthEvent() {
            region.scheduler().runUntil(() -> !healthEvents.isEmpty(), Duration.ofHours(1));
            assertThat(healthEvents).hasSize(1);
            return HandlerHarness.event(healthEvents.get(0).toString(), region.scheduler().now());
        }

        AutoScalingGroup group() {
            return region.scheduler().await(region.cloud().autoScaling().describeAutoScalingGroups(b -> b
                    .autoScalingGroupNames("web")), Duration.ofMinutes(1)).autoScalingGroups().get(0);
        }

        long healthyTargets() {
            String tg = group().targetGroupARNs().get(0);
            return region.scheduler().await(region.cloud().elbv2().describeTargetHealth(b -> b.targetGroupArn(tg)),
                    Duration.ofMinutes(1)).targetHealthDescriptions().stream()
                    .map(TargetHealthDescription::targetHealth).filter(h -> "healthy".equals(h.stateAsString())).count();
        }

        String state(String instanceId) {
            return region.ec2().find(instanceId).map(v -> v.state()).orElse("forgotten");
        }
    }

    private static Handler handler(String yaml) {
        return ScheduledChangeHandler.factory().create(HandlerHarness.settings(yaml));
    }

    @Test
    void aRetiringInstanceIsReplacedBeforeItsStartTimeWithoutLosingHealthyCapacity() {
        Fleet f = new Fleet(3, "instance-retirement");
        Event e = f.healthEvent();
        String retiring = e.instanceId().orElseThrow();
        Instant start = e.deadline().orElseThrow();
        assertThat(start).isEqualTo(f.region.scheduler().now().plus(Duration.ofHours(2)));

        Instant now = f.region.scheduler().now();
        TrafficReport traffic = TrafficGenerator.start(f.region.scheduler(), f.region.elbv2().alb("web-alb").orElseThrow(),
                20, now, now.plus(Duration.ofMinutes(30)));
        // the fewest healthy targets seen every 5 s of virtual time while the handler works
        long[] fewest = {Long.MAX_VALUE};
        boolean[] done = {false};
        Runnable[] sample = new Runnable[1];
        sample[0] = () -> {
            fewest[0] = Math.min(fewest[0], f.healthyTargets());
            if (!done[0]) f.region.scheduler().schedule(Duration.ofSeconds(5), sample[0]);
        };
        sample[0].run();
        List<Effect> effects = new CopyOnWriteArrayList<>();
        Handler h = handler("");
        var ctx = HandlerHarness.context(f.region.cloud(), h, e, (d, p) -> {
            throw new AssertionError("no runbook");
        }, IdempotencyStores.inMemory(f.region.scheduler()), effects::add);
        HandlerRecord r = f.region.scheduler().await(h.handle(e, ctx), MAX);
        done[0] = true;

        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        assertThat(r.deadline()).contains(start);
        assertThat(r.deadlineNotes()).isEmpty();
        assertThat(r.end()).isBefore(start).as("replaced while traffic ran").isBefore(now.plus(Duration.ofMinutes(30)));
        assertThat(HandlerHarness.calls(r)).containsSubsequence(
                "SetDesiredCapacity AutoScalingGroupName=web DesiredCapacity=4 HonorCooldown=false",
                "TerminateInstanceInAutoScalingGroup InstanceId=" + retiring + " ShouldDecrementDesiredCapacity=true");
        assertThat(effects).containsExactly(new Effect(retiring, Effect.REPLACED));
        assertThat(fewest[0]).as("healthy targets never below the desired capacity").isGreaterThanOrEqualTo(3);
        f.region.scheduler().runUntil(now.plus(Duration.ofMinutes(30)));
        assertThat(traffic.total()).isGreaterThan(30_000);
        assertThat(traffic.serverErrors()).as("5xx under traffic while the instance is replaced: %s", traffic).isZero();

        AutoScalingGroup g = f.group();
        assertThat(g.desiredCapacity()).isEqualTo(3);
        assertThat(g.instances()).filteredOn(i -> i.instanceId().equals(retiring))
                .allMatch(i -> i.lifecycleStateAsString().startsWith("Terminating"), "leaving the group");
        assertThat(g.instances()).filteredOn(i -> "InService".equals(i.lifecycleStateAsString())).hasSize(3);
        assertThat(f.state(retiring)).as("the group terminated it once drained").isEqualTo("terminated");
        f.region.scheduler().runUntil(start.plusSeconds(1)); // the scheduled stop finds nothing left to stop
        assertThat(f.healthyTargets()).isEqualTo(3);
    }

    @Test
    void aRedeliveredEventAfterTheReplacementDoesNothingMore() {
        Fleet f = new Fleet(3, "instance-stop");
        Event e = f.healthEvent();
        Handler h = handler("");
        HandlerRecord first = HandlerHarness.run(f.region.scheduler(), f.region.cloud(), h, e, MAX);
        assertThat(first.status()).isEqualTo(Status.Success);

        HandlerRecord again = HandlerHarness.run(f.region.scheduler(), f.region.cloud(), h, e, MAX);

        assertThat(again.status()).isEqualTo(Status.Success);
        assertThat(HandlerHarness.calls(again)).noneMatch(c -> c.startsWith("SetDesiredCapacity") || c.startsWith("Terminate"));
        assertThat(again.notes()).anyMatch(n -> n.contains("only InService members are replaced") || n.contains("not in an Auto Scaling group"));
        assertThat(f.group().desiredCapacity()).isEqualTo(3);
    }

    @Test
    void aGroupAtItsMaxSizeReplacesAfterTheInstanceLeavesAndSaysSo() {
        Fleet f = new Fleet(6, "instance-retirement"); // max 6
        Event e = f.healthEvent();
        HandlerRecord r = HandlerHarness.run(f.region.scheduler(), f.region.cloud(), handler(""), e, MAX);

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("MaxSize 6 of web leaves no room to scale out first"));
        assertThat(HandlerHarness.calls(r)).noneMatch(c -> c.startsWith("SetDesiredCapacity"))
                .anyMatch(c -> c.endsWith("ShouldDecrementDesiredCapacity=false"));
        assertThat(f.group().desiredCapacity()).isEqualTo(6);
    }

    @Test
    void withARunbookEachAffectedInstanceIsHandedToItWithTheDeadlineInTheRecord() {
        Fleet f = new Fleet(3, "system-reboot");
        Event e = f.healthEvent();
        Handler h = handler("""
                runbook: RebootInstanceGraceful
                runbook-parameters:
                  TargetGroupArn: arn:aws:elasticloadbalancing:tg/web-tg
                """);
        List<Map<String, List<String>>> started = new ArrayList<>();
        var ctx = HandlerHarness.context(f.region.cloud(), h, e, (doc, params) -> {
            started.add(params);
            Instant now = f.region.scheduler().now();
            return java.util.concurrent.CompletableFuture.completedFuture(new ExecutionRecord("exec-" + started.size(),
                    "runbook", doc, Status.Success, java.util.Optional.of(now), java.util.Optional.of(now), params, Map.of(),
                    java.util.Optional.empty(), List.of(), java.util.Optional.empty()));
        });
        HandlerRecord r = f.region.scheduler().await(h.handle(e, ctx), MAX);

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.deadline()).isEqualTo(e.deadline());
        assertThat(started).containsExactly(Map.of("TargetGroupArn", List.of("arn:aws:elasticloadbalancing:tg/web-tg"),
                "InstanceId", List.of(e.instanceId().orElseThrow())));
        assertThat(HandlerHarness.calls(r)).as("the runbook acts, not the handler").isEmpty();
    }

    @Test
    void eventsThatAreNotEc2ScheduledChangesAreLeftAlone() {
        Fleet f = new Fleet(3, "instance-retirement");
        String json = f.healthEvent().envelopeJson().toString().replace("scheduledChange", "issue");
        HandlerRecord r = HandlerHarness.run(f.region.scheduler(), f.region.cloud(), handler(""),
                HandlerHarness.event(json, f.region.scheduler().now()), MAX);
        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.notes()).singleElement().asString().startsWith("not an EC2 scheduled change");

        HandlerRecord other = HandlerHarness.run(f.region.scheduler(), f.region.cloud(),
                handler("event-types: [AWS_EC2_INSTANCE_STOP_SCHEDULED]"), f.healthEvent(), MAX);
        assertThat(other.notes()).singleElement().asString().contains("is not one of the event types handled here");
        assertThat(HandlerHarness.calls(other)).isEmpty();
    }

    @Test
    void badSettingsNameTheirLine() {
        assertThatThrownBy(() -> handler("event-types: [instance-retirement]")).isInstanceOf(InputError.class)
                .hasMessageContaining("settings.yaml:1").hasMessageContaining("expected an EC2 Health event type code");
        assertThatThrownBy(() -> handler("runbook-parameters: {A: b}")).isInstanceOf(InputError.class)
                .hasMessageContaining("runbook-parameters need a runbook");
        assertThatThrownBy(() -> handler("margin: soon")).isInstanceOf(InputError.class).hasMessageContaining("margin");
    }
}

package dev.fleetops.cli.apply;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.reconcile.Engine;
import dev.fleetops.reconcile.FleetFile;
import dev.fleetops.reconcile.ResourceState;
import dev.fleetops.reconcile.ResourceStatus;
import dev.fleetops.reconcile.resources.ClientTokens;
import dev.fleetops.reconcile.resources.InstanceReader;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.StopInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** `apply` on the simulated region: what a user of a fleet file sees, through the SDK clients and virtual time. */
class ApplySimTest {

    static final String TWO = """
            fleet: shop
            resources:
              - kind: ec2:instance
                name: db
                image: ami-0abcdef1234567890
                instanceType: t3.small
                tags: {role: db}
              - kind: ec2:instance
                name: app
                image: ami-0abcdef1234567890
                requires: [db]
            """;

    @Test
    void fromEmptyToConverged() {
        SimFleet sim = new SimFleet(SimRegion.empty());
        Engine e = sim.engine(SimFleet.fleet(TWO), false);
        List<ResourceState> states = sim.converge(e);
        assertThat(states).extracting(ResourceState::status).containsOnly(ResourceStatus.changed);
        Instance db = sim.live("db");
        assertThat(db.state().nameAsString()).isEqualTo("running");
        assertThat(db.instanceTypeAsString()).isEqualTo("t3.small");
        assertThat(db.tags()).extracting(t -> t.key() + "=" + t.value())
                .contains("Name=db", "role=db", "fleetops:fleet=shop", "fleetops:generation=0");
        assertThat(db.clientToken()).isEqualTo(ClientTokens.of("shop", "db", 0));
        assertThat(states.get(0).changes()).containsExactly("create: t3.small from ami-0abcdef1234567890 -> " + db.instanceId());
        sim.stop(e);

        Engine again = sim.engine(SimFleet.fleet(TWO), false); // a second apply finds everything right
        assertThat(sim.converge(again)).extracting(ResourceState::status).containsOnly(ResourceStatus.converged);
        assertThat(sim.calls("RunInstances")).isEqualTo(2);
        sim.stop(again);
    }

    @Test
    void anInstanceStoppedOutOfBandIsRestartedAfterItsStateChangeEventNotAfterAPoll() {
        SimFleet sim = new SimFleet(SimRegion.empty());
        Engine e = sim.engine(SimFleet.fleet(TWO), false);
        sim.converge(e);
        String id = sim.live("db").instanceId();
        var clock = sim.region.scheduler();
        clock.runFor(Duration.ofMinutes(5));
        var stopAt = clock.now();
        long describesBefore = sim.calls("DescribeInstances");
        sim.region.cloud().ec2().stopInstances(StopInstancesRequest.builder().instanceIds(id).build());
        clock.runFor(Duration.ofSeconds(1));
        // the "stopping" event marked it dirty at once: a check started in the same virtual instant
        assertThat(sim.drifts).containsExactly("db: EC2 state-change: " + id + " -> stopping");
        assertThat(sim.driftTimes.get(0)).isEqualTo(stopAt);
        assertThat(sim.started.get(sim.started.size() - 1)).isEqualTo("db@" + Duration.between(
                clock.now().minus(clock.elapsed()), stopAt).toSeconds());
        clock.runUntil(() -> sim.live("db").state().nameAsString().equals("running"), Duration.ofMinutes(5));
        // stop (20 s) + boot (30 s): repaired 50 s after the drift, far below any poll interval (none is set)
        assertThat(Duration.between(stopAt, clock.now())).isEqualTo(Duration.ofSeconds(50));
        assertThat(sim.calls("StartInstances")).isEqualTo(1);
        assertThat(sim.calls("DescribeInstances") - describesBefore).isLessThan(20);
        sim.stop(e);
    }

    @Test
    void noopChangesNothingAndShowsTheDiff() {
        SimFleet sim = new SimFleet(SimRegion.empty());
        Engine e = sim.engine(SimFleet.fleet(TWO), true);
        List<ResourceState> states = sim.converge(e);
        assertThat(states).extracting(ResourceState::status).containsOnly(ResourceStatus.would_change);
        assertThat(states).extracting(ResourceState::changes).containsExactly(
                List.of("create: t3.small from ami-0abcdef1234567890"), List.of("create: t3.micro from ami-0abcdef1234567890"));
        assertThat(sim.calls("RunInstances")).isZero();
        assertThat(sim.region.context().gate().calls().keySet()).allMatch(k -> k.startsWith("ec2:Describe"));
        sim.stop(e);
    }

    @Test
    void aNoopPlanWithoutEventsEndsAfterOneCheckEachThoughEveryPollFindsTheDifference() {
        // as on AWS without --events-queue: resources are polled every 30 s, and each poll of a noop fleet finds the
        // same difference (activity), so waiting for convergence never ended
        SimRegion region = SimRegion.empty();
        ApplyRun.Finished o = ApplyRun.run(SimFleet.fleet(TWO), region.cloud(), java.util.Optional.empty(), (d, p) -> {
                    throw new AssertionError("no runbook");
                }, 1, new ApplyRun.Options(true, java.util.Optional.empty(), Duration.ofSeconds(30), Duration.ofHours(1)),
                l -> { }, region.scheduler()::await);
        assertThat(o.plannedAt()).isPresent();
        assertThat(o.changesPending()).isTrue();
        assertThat(o.failed()).isFalse();
        assertThat(o.resources()).extracting(ResourceState::checks).containsOnly(1);
        assertThat(Duration.between(o.start(), o.plannedAt().get())).isLessThan(Duration.ofSeconds(30));
        assertThat(o.lines()).noneMatch(l -> l.kind().equals("error"));
        assertThat(region.context().gate().calls().keySet()).allMatch(k -> k.startsWith("ec2:Describe"));
    }

    @Test
    void dependencyOrderHolds() {
        SimFleet sim = new SimFleet(SimRegion.empty());
        Engine e = sim.engine(SimFleet.fleet(TWO), false);
        sim.converge(e);
        // db is launched and running (boot 30 s) before app's first check starts; db checks again at 30 s because
        // of the running event its own launch caused (mgmt's paired execution)
        assertThat(sim.started.stream().filter(s -> s.startsWith("app@")).findFirst()).hasValue("app@30");
        assertThat(sim.started.indexOf("app@30")).isGreaterThan(sim.started.indexOf("db@0"));
        assertThat(sim.live("app").launchTime()).isAfterOrEqualTo(sim.live("db").launchTime().plusSeconds(30));
        sim.stop(e);
    }

    @Test
    void aKilledAndRerunApplyCreatesNoDuplicate() {
        SimFleet sim = new SimFleet(SimRegion.empty());
        FleetFile fleet = SimFleet.fleet(TWO);
        Engine[] first = new Engine[1];
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Cloud killing = withEc2(sim.region.cloud(), (method, call) -> {
            Object result = call.get();
            if (method.equals("runInstances") && !sent.isDone()) {
                sent.complete(null);
                first[0].stop(); // the process dies right after RunInstances left
            }
            return result;
        });
        first[0] = sim.engine(fleet, false, killing, (d, p) -> new CompletableFuture<>());
        sim.region.scheduler().await(sent, Duration.ofMinutes(1));
        sim.region.scheduler().runFor(Duration.ofSeconds(5));
        assertThat(sim.named("db")).hasSize(1); // EC2 did launch it; the first apply never saw the answer

        Engine rerun = sim.engine(fleet, false);
        sim.converge(rerun);
        assertThat(sim.named("db")).hasSize(1);
        assertThat(sim.named("app")).hasSize(1);
        sim.stop(rerun);
    }

    @Test
    void twoAppliesRacingLaunchOneInstanceThanksToTheClientToken() {
        SimFleet sim = new SimFleet(SimRegion.empty());
        FleetFile fleet = SimFleet.fleet(TWO);
        Engine a = sim.engine(fleet, false);
        Engine b = sim.engine(fleet, false); // both look up "db" in the same instant, find nothing, launch
        sim.converge(a);
        sim.converge(b);
        assertThat(sim.calls("RunInstances")).isBetween(3L, 4L); // both launched db; app may already see it
        assertThat(sim.named("db")).hasSize(1);
        assertThat(sim.named("app")).hasSize(1);
        sim.stop(a);
        sim.stop(b);
    }

    @Test
    void aTargetRegistrationFollowsItsInstance() {
        SimRegion region = Scenarios.start(Scenarios.load("web", Map.of()));
        SimFleet sim = new SimFleet(region);
        FleetFile fleet = SimFleet.fleet("""
                fleet: web
                resources:
                  - kind: ec2:instance
                    name: extra
                    image: ami-0abcdef1234567890
                  - kind: elbv2:target
                    name: extra-in-tg
                    instance: extra
                    targetGroup: web-tg
                    port: 8080
                """);
        Engine e = sim.engine(fleet, false);
        sim.converge(e);
        String first = sim.live("extra").instanceId();
        assertThat(targets(region)).contains(first);

        region.cloud().ec2().terminateInstances(TerminateInstancesRequest.builder().instanceIds(first).build());
        region.scheduler().runFor(Duration.ofMinutes(3));
        Instance second = sim.live("extra");
        assertThat(second.instanceId()).isNotEqualTo(first);
        assertThat(second.tags()).extracting(t -> t.key() + "=" + t.value()).contains("fleetops:generation=1");
        assertThat(second.clientToken()).isEqualTo(ClientTokens.of("web", "extra", 1));
        assertThat(targets(region)).contains(second.instanceId());
        assertThat(sim.named("extra")).hasSize(2); // the terminated one still bears the tag, and is ignored
        sim.stop(e);
    }

    @Test
    void lookupsAreBatchedOneDescribePagePerCheckRound() {
        SimFleet sim = new SimFleet(SimRegion.empty());
        StringBuilder yaml = new StringBuilder("fleet: many\nresources:\n");
        for (int i = 0; i < 50; i++) {
            yaml.append("  - {kind: ec2:instance, name: n").append(i).append(", image: ami-0abcdef1234567890}\n");
        }
        Engine e = sim.engine(SimFleet.fleet(yaml.toString()), false);
        sim.converge(e);
        InstanceReader reader = InstanceReader.of(e.services());
        assertThat(reader.maxCallsPerRound()).isEqualTo(1);
        assertThat(sim.calls("DescribeInstances")).isEqualTo(reader.rounds()).isLessThan(10);
        sim.stop(e);
        assertThat(sim.events.subscribers()).isZero(); // shutdown released the subscription
    }

    private static List<String> targets(SimRegion region) {
        var s = region.scheduler();
        var elbv2 = region.cloud().elbv2();
        String arn = s.await(elbv2.describeTargetGroups(DescribeTargetGroupsRequest.builder().names("web-tg").build()),
                Duration.ofMinutes(1)).targetGroups().get(0).targetGroupArn();
        return s.await(elbv2.describeTargetHealth(DescribeTargetHealthRequest.builder().targetGroupArn(arn).build()),
                Duration.ofMinutes(1)).targetHealthDescriptions().stream().map(d -> d.target().id()).toList();
    }

    interface Interceptor {
        Object around(String method, java.util.function.Supplier<Object> call);
    }

    /** The same cloud whose EC2 client passes every call through {@code interceptor}. */
    static Cloud withEc2(Cloud c, Interceptor interceptor) {
        Ec2AsyncClient real = c.ec2();
        Ec2AsyncClient proxy = (Ec2AsyncClient) Proxy.newProxyInstance(Ec2AsyncClient.class.getClassLoader(),
                new Class<?>[]{Ec2AsyncClient.class}, (p, m, args) -> interceptor.around(m.getName(), () -> {
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException | IllegalAccessException x) {
                        throw new IllegalStateException(x);
                    }
                }));
        return c.withClient(software.amazon.awssdk.services.ec2.Ec2AsyncClient.class, proxy);
    }
}

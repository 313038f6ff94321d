package dev.fleetops.sim.elbv2;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The ALB's routing, and seed 004's 502s during a reboot (and their absence when the target is drained first). */
class AlbTrafficTest {

    private final Elbv2Fixture f = new Elbv2Fixture();
    private String tg;
    private Alb alb;

    @BeforeEach
    void seed004Setup() {
        tg = f.group("web");
        f.alb("web-alb", tg);
        alb = f.albNamed("web-alb");
    }

    @Test
    void requestsGoRoundRobinOverHealthyTargets() {
        List<String> ids = healthyTargets(3);

        List<String> served = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            Alb.Response r = alb.request();
            assertThat(r.status()).isEqualTo(200);
            served.add(r.instanceId());
        }

        assertThat(served.subList(0, 3)).containsExactlyInAnyOrderElementsOf(ids);
        for (int n = 3; n < served.size(); n++) assertThat(served.get(n)).isEqualTo(served.get(n - 3));
        assertThat(served.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())))
                .containsOnlyKeys(ids).allSatisfy((id, count) -> assertThat(count).isEqualTo(100L));
    }

    @Test
    void initialAndDrainingTargetsGetNoRequestsWhileAnotherIsHealthy() {
        String healthy = healthyTargets(2).get(0);
        String draining = f.health(tg).keySet().stream().filter(id -> !id.equals(healthy)).findFirst().orElseThrow();
        f.deregister(tg, draining);
        String fresh = f.ec2.running();
        f.register(tg, fresh);
        assertThat(f.state(tg, fresh)).isEqualTo("initial");

        for (int n = 0; n < 10; n++) assertThat(alb.request()).isEqualTo(new Alb.Response(200, healthy));
    }

    @Test
    void aDeadTargetStillBelievedHealthyAnswers502() {
        String dead = healthyTargets(1).get(0);
        f.ec2.app(dead, false);

        assertThat(f.state(tg, dead)).isEqualTo("healthy");
        assertThat(alb.request()).isEqualTo(new Alb.Response(502, dead));
    }

    @Test
    void whenNoTargetIsHealthyTheGroupFailsOpenToAllOfThem() {
        List<String> ids = healthyTargets(2);
        ids.forEach(id -> f.ec2.app(id, false));
        f.scheduler.runFor(Duration.ofSeconds(30));
        assertThat(ids).allSatisfy(id -> assertThat(f.state(tg, id)).isEqualTo("unhealthy"));

        List<Alb.Response> answers = List.of(alb.request(), alb.request(), alb.request(), alb.request());

        assertThat(answers).extracting(Alb.Response::status).containsOnly(502);
        assertThat(answers).extracting(Alb.Response::instanceId).containsExactly(ids.get(0), ids.get(1), ids.get(0), ids.get(1));

        f.ec2.app(ids.get(1), true);
        assertThat(alb.request().status()).as("fail-open reaches a target whose app is back").isIn(200, 502);
        f.scheduler.runFor(Duration.ofSeconds(12));
        assertThat(List.of(alb.request(), alb.request())).containsOnly(new Alb.Response(200, ids.get(1)));
    }

    @Test
    void noRegisteredTargetIs503() {
        assertThat(alb.request()).isEqualTo(new Alb.Response(503, null));

        String only = healthyTargets(1).get(0);
        f.deregister(tg, only);
        assertThat(alb.request().status()).as("a draining target takes no new requests").isEqualTo(503);
    }

    @Test
    void rebootingATargetUnderTrafficGives502sUntilItIsFoundUnhealthy() {
        List<String> ids = healthyTargets(3);
        String rebooted = ids.get(1);
        Instant start = f.scheduler.now();
        TrafficReport report = TrafficGenerator.start(f.scheduler, alb, 2, start, start.plusSeconds(120));

        f.scheduler.runFor(Duration.ofSeconds(20));
        Instant rebootAt = f.scheduler.now();
        f.ec2.reboot(rebooted, Duration.ofSeconds(30));
        f.scheduler.runFor(Duration.ofSeconds(100));

        assertThat(report.total()).isEqualTo(240);
        assertThat(report.count(502)).as("seed 004: 502s while two failed checks x 6 s are pending").isBetween(1L, 9L);
        assertThat(report.ok() + report.serverErrors()).isEqualTo(240);
        assertThat(report.byTarget().get(rebooted).serverErrors()).isEqualTo(report.count(502));
        assertThat(report.byTarget().get(ids.get(0)).serverErrors()).isZero();
        List<TrafficReport.Second> errorSeconds = report.seconds().stream().filter(s -> s.serverErrors() > 0).toList();
        assertThat(errorSeconds).allSatisfy(s -> assertThat(Duration.between(rebootAt, s.start()))
                .isBetween(Duration.ZERO, Duration.ofSeconds(12)));
        assertThat(report.seconds()).hasSize(120);
        assertThat(report.seconds().get(119).ok()).as("the rebooted target is back in rotation").isEqualTo(2);
        assertThat(f.state(tg, rebooted)).isEqualTo("healthy");
    }

    @Test
    void drainingTheTargetBeforeItsRebootAvoidsEvery502() {
        f.await(f.client.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(TargetGroupAttribute.builder()
                .key("deregistration_delay.timeout_seconds").value("30").build())));
        List<String> ids = healthyTargets(3);
        String rebooted = ids.get(1);
        Instant start = f.scheduler.now();
        TrafficReport report = TrafficGenerator.start(f.scheduler, alb, 2, start, start.plusSeconds(180));

        f.scheduler.runFor(Duration.ofSeconds(10));
        f.deregister(tg, rebooted);
        f.scheduler.runFor(Duration.ofSeconds(30));
        assertThat(f.state(tg, rebooted)).isEqualTo("absent");
        f.ec2.reboot(rebooted, Duration.ofSeconds(30));
        f.scheduler.runFor(Duration.ofSeconds(40));
        f.register(tg, rebooted);
        f.scheduler.runFor(Duration.ofSeconds(100));

        assertThat(report.total()).isEqualTo(360);
        assertThat(report.serverErrors()).isZero();
        assertThat(report.byTarget().get(rebooted).ok()).as("it served before and after its maintenance").isPositive();
        assertThat(f.state(tg, rebooted)).isEqualTo("healthy");
    }

    @Test
    void trafficReportsCountBySecondAndTarget() {
        List<String> ids = healthyTargets(2);
        Instant start = f.scheduler.now().plusSeconds(5);
        TrafficReport report = TrafficGenerator.start(f.scheduler, alb, 10, start, start.plusSeconds(3));

        f.scheduler.runFor(Duration.ofSeconds(10));

        assertThat(report.total()).isEqualTo(30);
        assertThat(report.seconds()).extracting(TrafficReport.Second::total).containsExactly(10L, 10L, 10L);
        assertThat(report.seconds().get(0).start()).isEqualTo(start);
        Map<String, TrafficReport.Counts> byTarget = report.byTarget();
        assertThat(byTarget).containsOnlyKeys(ids);
        assertThat(byTarget.values()).allSatisfy(c -> assertThat(c.ok()).isEqualTo(15));
        assertThat(report.byStatus()).containsExactly(Map.entry(200, 30L));
    }

    /** {@code n} running instances registered and healthy. */
    private List<String> healthyTargets(int n) {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < n; k++) ids.add(f.ec2.running());
        f.register(tg, ids.toArray(String[]::new));
        f.scheduler.runFor(Duration.ofSeconds(6));
        assertThat(ids).allSatisfy(id -> assertThat(f.state(tg, id)).isEqualTo("healthy"));
        return ids;
    }
}

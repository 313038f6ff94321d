package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.region.Timeline;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health checks with seed 004's settings (every 6 s, healthy and unhealthy thresholds 2): a new target turns
 * healthy on its first passing check; a dead app stays "healthy" until two checks have failed; it comes back
 * after two passing checks.
 */
class HealthCheckTest {

    private final Elbv2Fixture f = new Elbv2Fixture();
    private String tg;

    @BeforeEach
    void seed004Group() {
        f.ctx.timeline().record(true);
        tg = f.group("web");
        f.alb("web-alb", tg);
    }

    @Test
    void aNewTargetIsHealthyAfterOnePassingCheck() {
        String i = f.ec2.running();
        f.register(tg, i);
        Instant registered = f.scheduler.now();

        f.scheduler.runFor(Duration.ofSeconds(6));

        assertThat(f.state(tg, i)).isEqualTo("healthy");
        assertThat(f.health(tg).get(i).reason()).isNull();
        Timeline.Entry e = transitions(i).get(1);
        assertThat(e.text()).isEqualTo("web: initial -> healthy");
        assertThat(Duration.between(registered, e.time())).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void aDeadAppStaysHealthyForUpToTwoIntervalsThenIsUnhealthy() {
        String i = f.ec2.running();
        f.register(tg, i);
        f.scheduler.runFor(Duration.ofSeconds(30));

        f.ec2.app(i, false);
        Instant down = f.scheduler.now();
        f.scheduler.runFor(Duration.ofSeconds(6));
        assertThat(f.state(tg, i)).as("one failed check is not enough").isEqualTo("healthy");
        f.scheduler.runFor(Duration.ofSeconds(6));

        TargetHealth h = f.health(tg).get(i);
        assertThat(h.stateAsString()).isEqualTo("unhealthy");
        assertThat(h.reasonAsString()).isEqualTo("Target.FailedHealthChecks");
        assertThat(h.description()).isEqualTo("Health checks failed");
        Timeline.Entry e = last(i);
        assertThat(e.text()).isEqualTo("web: healthy -> unhealthy (Target.FailedHealthChecks)");
        assertThat(Duration.between(down, e.time())).isGreaterThan(Duration.ofSeconds(6))
                .isLessThanOrEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void anUnhealthyTargetRecoversAfterTwoPassingChecks() {
        String i = f.ec2.running();
        f.register(tg, i);
        f.scheduler.runFor(Duration.ofSeconds(6));
        f.ec2.app(i, false);
        f.scheduler.runFor(Duration.ofSeconds(30));
        assertThat(f.state(tg, i)).isEqualTo("unhealthy");

        f.ec2.app(i, true);
        Instant up = f.scheduler.now();
        f.scheduler.runFor(Duration.ofSeconds(6));
        assertThat(f.state(tg, i)).as("one passing check is not enough").isEqualTo("unhealthy");
        f.scheduler.runFor(Duration.ofSeconds(6));

        assertThat(f.state(tg, i)).isEqualTo("healthy");
        Timeline.Entry e = last(i);
        assertThat(e.text()).isEqualTo("web: unhealthy -> healthy");
        assertThat(Duration.between(up, e.time())).isGreaterThan(Duration.ofSeconds(6))
                .isLessThanOrEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void aNewTargetThatFailsStaysInitialThenTurnsUnhealthy() {
        String i = f.ec2.running();
        f.ec2.app(i, false);
        f.register(tg, i);

        f.scheduler.runFor(Duration.ofSeconds(6));
        TargetHealth h = f.health(tg).get(i);
        assertThat(h.stateAsString()).isEqualTo("initial");
        assertThat(h.reasonAsString()).isEqualTo("Elb.InitialHealthChecking");

        f.scheduler.runFor(Duration.ofSeconds(6));
        assertThat(f.state(tg, i)).isEqualTo("unhealthy");
    }

    @Test
    void aHostThatDoesNotAnswerTimesOutAfterTheCheckTimeout() {
        String i = f.ec2.running();
        f.register(tg, i);
        f.scheduler.runFor(Duration.ofSeconds(6));

        f.ec2.state(i, "stopping");
        f.scheduler.runFor(Duration.ofSeconds(30));

        TargetHealth h = f.health(tg).get(i);
        assertThat(h.stateAsString()).isEqualTo("unhealthy");
        assertThat(h.reasonAsString()).isEqualTo("Target.Timeout");
        assertThat(h.description()).isEqualTo("Request timed out");
        Timeline.Entry e = last(i);
        // Failures are recorded when the 5 s timeout expires, so the transition is off the 6 s check grid.
        long firstCheck = transitions(i).get(1).time().getEpochSecond() * 1000 + transitions(i).get(1).time().getNano() / 1_000_000;
        long unhealthyAt = e.time().getEpochSecond() * 1000 + e.time().getNano() / 1_000_000;
        assertThat(Math.floorMod(unhealthyAt - firstCheck, 6000)).isEqualTo(5000);
    }

    @Test
    void aMatcherThatRejectsTheAppsAnswerIsAResponseCodeMismatch() {
        String strict = f.group("strict", b -> b.matcher(m -> m.httpCode("302")));
        f.alb("strict-alb", strict);
        String i = f.ec2.running();
        f.register(strict, i);

        f.scheduler.runFor(Duration.ofSeconds(12));

        TargetHealth h = f.health(strict).get(i);
        assertThat(h.stateAsString()).isEqualTo("unhealthy");
        assertThat(h.reasonAsString()).isEqualTo("Target.ResponseCodeMismatch");
        assertThat(h.description()).isEqualTo("Health checks failed with these codes: [200]");
    }

    @Test
    void targetsRegisteredTogetherAreCheckedAtStaggeredTimes() {
        List<String> ids = java.util.stream.IntStream.range(0, 10).mapToObj(n -> f.ec2.running()).toList();
        f.register(tg, ids.toArray(String[]::new));

        f.scheduler.runFor(Duration.ofSeconds(6));

        List<Instant> firstChecks = ids.stream().map(id -> transitions(id).get(1).time()).toList();
        assertThat(firstChecks).doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(id -> assertThat(f.state(tg, id)).isEqualTo("healthy"));
    }

    @Test
    void oneCheckPerTargetPerInterval() {
        String i = f.ec2.running();
        f.register(tg, i);
        f.scheduler.runFor(Duration.ofSeconds(6));
        long before = f.scheduler.processed();

        f.scheduler.runFor(Duration.ofMinutes(10));

        assertThat(f.scheduler.processed() - before).isEqualTo(100);
    }

    private List<Timeline.Entry> transitions(String instanceId) {
        return f.ctx.timeline().entries().stream()
                .filter(e -> e.kind().equals("elbv2.health") && e.subject().equals(instanceId))
                .toList();
    }

    private Timeline.Entry last(String instanceId) {
        List<Timeline.Entry> t = transitions(instanceId);
        return t.get(t.size() - 1);
    }
}

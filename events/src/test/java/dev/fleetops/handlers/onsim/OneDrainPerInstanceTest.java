package dev.fleetops.handlers.onsim;

import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.Intake;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.HandlerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on the simulator's own bus: a Spot interruption emits the rebalance recommendation and the
 * warning together; with proactive on, both match the spot rule and share the action key (instance, drain), so
 * the instance is detached once; the warning's record says it was a duplicate.
 */
class OneDrainPerInstanceTest {

    @Test
    void theRecommendationAndTheWarningCauseOneDetach() {
        SpotFixture f = new SpotFixture(3, "30s");
        RuleSet rules = RuleSet.load("rules.yaml", """
                rules:
                  - name: spot
                    pattern:
                      source: [aws.ec2]
                      detail-type: [EC2 Spot Instance Interruption Warning, EC2 Instance Rebalance Recommendation]
                    handler: spot-interruption
                    settings: {proactive: true}
                """, BuiltInHandlers.registry());
        var cloud = f.region.cloud();
        Intake intake = Intake.builder(rules, cloud).runbooks((d, p) -> {
            throw new AssertionError("no runbook");
        }).build();
        List<MessageFate> outcomes = new ArrayList<>();
        f.region.context().bus().subscribe(e -> intake.submit("bus", e).thenAccept(outcomes::add));
        String victim = f.inService().get(0);

        f.region.ec2().interruptSpot(victim, "terminate");
        f.region.scheduler().runFor(Duration.ofMinutes(5));

        List<HandlerRecord> records = outcomes.stream().filter(o -> o instanceof MessageFate.Handled)
                .flatMap(o -> ((MessageFate.Handled) o).records().stream()).toList();
        assertThat(records).hasSize(2).allMatch(HandlerRecord::done);
        assertThat(f.region.context().gate().calls("autoscaling", "DetachInstances")).isEqualTo(1);
        assertThat(records).anyMatch(r -> r.notes().stream().anyMatch(n -> n.startsWith("duplicate action (" + victim + ", drain)")));
        assertThat(f.inService()).hasSize(3).doesNotContain(victim);
    }
}

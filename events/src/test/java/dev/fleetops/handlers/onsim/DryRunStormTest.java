package dev.fleetops.handlers.onsim;

import dev.fleetops.cloud.api.DryRun;
import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.Intake;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --dry-run} on the simulator: a Spot storm (every instance of the group warned at once) handled on a
 * {@link DryRun} cloud leaves the region as it was, and each call the handler would have sent is reported.
 */
class DryRunStormTest {

    @Test
    void aSpotStormUnderDryRunChangesNothingAndReportsEachWouldBeCall() {
        SpotFixture f = new SpotFixture(3, "30s");
        List<String> before = f.inService();
        int desired = f.group().desiredCapacity();
        List<DryRun.Call> wouldBe = new CopyOnWriteArrayList<>();
        RuleSet rules = RuleSet.load("rules.yaml", """
                rules:
                  - name: spot
                    pattern: {source: [aws.ec2], detail-type: [EC2 Spot Instance Interruption Warning]}
                    handler: spot-interruption
                    settings: {tag-detached: true, min-in-service: 3}
                """, BuiltInHandlers.registry());
        Intake intake = Intake.builder(rules, DryRun.of(f.region.cloud(), wouldBe::add)).build();
        List<MessageFate> fates = new ArrayList<>();

        for (String victim : before) {
            intake.submit("test", f.seed003(victim, "terminate").raw().replace("12345678-1234-1234-1234-123456789012", "storm-" + victim)).thenAccept(fates::add);
        }
        f.region.scheduler().runFor(Duration.ofMinutes(15));

        List<HandlerRecord> records = fates.stream().filter(o -> o instanceof MessageFate.Handled)
                .flatMap(o -> ((MessageFate.Handled) o).records().stream()).toList();
        assertThat(records).hasSize(3).allMatch(r -> r.status() == Status.Success);
        var gate = f.region.context().gate();
        for (String op : List.of("DetachInstances", "SetDesiredCapacity")) assertThat(gate.calls("autoscaling", op)).isZero();
        assertThat(gate.calls("ec2", "CreateTags")).isZero();
        assertThat(gate.calls("autoscaling", "DescribeAutoScalingInstances")).isPositive(); // reads went through
        assertThat(f.inService()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(f.group().desiredCapacity()).isEqualTo(desired);
        for (String victim : before) {
            assertThat(wouldBe).anyMatch(c -> c.operation().equals("DetachInstances") && c.request().contains(victim)
                    && c.describe().startsWith("would DetachInstances (autoscaling) InstanceIds=[" + victim + "], AutoScalingGroupName=web"));
            assertThat(wouldBe).anyMatch(c -> c.operation().equals("CreateTags") && c.request().contains(victim));
        }
        // the guard would have raised the group for each (it sees the others still InService: nothing was detached)
        assertThat(wouldBe).filteredOn(c -> c.operation().equals("SetDesiredCapacity"))
                .hasSize(3).allMatch(c -> c.request().contains("DesiredCapacity=4"));
        assertThat(wouldBe).noneMatch(c -> c.operation().startsWith("Describe"));
    }
}

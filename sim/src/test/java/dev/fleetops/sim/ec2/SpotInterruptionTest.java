package dev.fleetops.sim.ec2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.config.FaultPlan;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SpotInterruptionTest {

    private static FaultPlan plan(List<FaultPlan.SpotInterruption> planned, double rate) {
        return new FaultPlan(false, List.of(), List.of(), 0, planned, rate);
    }

    /** "detail-type @ minutes since start: instance-id [action]" for the Spot events. */
    private static List<String> spotEvents(Ec2TestSupport s) {
        List<String> out = new ArrayList<>();
        s.region.context().bus().subscribe((ObjectNode e) -> {
            String type = e.path("detail-type").asText();
            if (type.contains("Spot") || type.contains("Rebalance")) {
                out.add(type + " @" + s.region.scheduler().elapsed().toSeconds() + "s "
                        + e.path("detail").path("instance-action").asText(""));
            }
        });
        return out;
    }

    private static String spot(Ec2TestSupport s, String behavior) {
        return s.call(s.ec2.runInstances(Ec2TestSupport.runRequest().instanceMarketOptions(m -> m
                .marketType(MarketType.SPOT).spotOptions(o -> {
                    if (!behavior.equals("terminate")) {
                        o.spotInstanceType(SpotInstanceType.PERSISTENT)
                                .instanceInterruptionBehavior(InstanceInterruptionBehavior.fromValue(behavior));
                    }
                }))
                .build())).instances().get(0).instanceId();
    }

    @Test
    void interruptNowWarnsThenTerminatesTwoMinutesLater() {
        var s = new Ec2TestSupport();
        List<String> events = spotEvents(s);
        String id = spot(s, "terminate");
        s.advance(Duration.ofMinutes(1));

        assertThat(s.region.ec2().interruptSpot(id, "terminate")).isTrue();
        assertThat(s.region.ec2().interruptSpot(id, "terminate")).as("one notice per run").isFalse();
        assertThat(events).containsExactly("EC2 Instance Rebalance Recommendation @60s ",
                "EC2 Spot Instance Interruption Warning @60s terminate");
        s.advance(Duration.ofSeconds(119));
        assertThat(s.state(id)).isEqualTo("running");
        s.advance(Duration.ofSeconds(1));
        assertThat(s.state(id)).isEqualTo("shutting-down");
        assertThat(s.describe(id).stateReason().code()).isEqualTo("Server.SpotInstanceTermination");
        s.advance(Duration.ofMinutes(1));
        assertThat(s.state(id)).isEqualTo("terminated");
    }

    @Test
    void onDemandInstancesAreNeverSpotInterrupted() {
        var s = new Ec2TestSupport();
        String id = s.runOne();
        s.advance(Duration.ofMinutes(1));
        assertThat(s.region.ec2().interruptSpot(id, "terminate")).isFalse();
        assertThat(s.region.ec2().interruptSpot("i-0123456789abcdef0", "terminate")).isFalse();
    }

    @Test
    void stopAndHibernateInterruptionsStopTheInstance() {
        var s = new Ec2TestSupport();
        String stop = spot(s, "stop");
        String hibernate = spot(s, "hibernate");
        s.advance(Duration.ofMinutes(1));

        s.region.ec2().interruptSpot(stop, "stop");
        s.region.ec2().interruptSpot(hibernate, "hibernate");
        assertThat(s.state(hibernate)).as("no lead time for hibernation").isEqualTo("stopping");
        assertThat(s.state(stop)).isEqualTo("running");
        s.advance(Duration.ofMinutes(3));
        assertThat(s.state(stop)).isEqualTo("stopped");
        assertThat(s.describe(stop).stateReason().code()).isEqualTo("Server.SpotInstanceShutdown");
    }

    @Test
    void plannedInterruptionFindsTheGroupsNthInstance() {
        var ref = new FaultPlan.InstanceRef(Optional.of("web"), 1, Optional.empty());
        var s = new Ec2TestSupport(plan(List.of(new FaultPlan.SpotInterruption(Duration.ofMinutes(5), ref, "terminate")), 0));
        List<String> events = spotEvents(s);
        s.call(s.ec2.createLaunchTemplate(b -> b.launchTemplateName("web").launchTemplateData(d -> d
                .imageId(Ec2TestSupport.AMI).instanceMarketOptions(m -> m.marketType(MarketType.SPOT)))));
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            ids.add(s.region.ec2().launch(new LaunchRequest("web", Optional.empty(),
                    Map.of("aws:autoscaling:groupName", "web"), Optional.empty())));
        }

        s.advance(Duration.ofMinutes(5));
        assertThat(events).containsExactly("EC2 Instance Rebalance Recommendation @300s ",
                "EC2 Spot Instance Interruption Warning @300s terminate");
        s.advance(Duration.ofMinutes(2));
        assertThat(s.region.ec2().find(ids.get(1)).orElseThrow().state()).isEqualTo("shutting-down");
        assertThat(s.region.ec2().find(ids.get(0)).orElseThrow().state()).isEqualTo("running");
        assertThat(s.region.ec2().find(ids.get(2)).orElseThrow().state()).isEqualTo("running");
    }

    @Test
    void aRateInterruptsAboutThatShareOfSpotInstancesPerHour() {
        var s = new Ec2TestSupport(plan(List.of(), 1.0));
        for (int n = 0; n < 200; n++) spot(s, "terminate");
        s.runOne(); // on-demand: never
        s.advance(Duration.ofHours(1));

        long gone = s.region.ec2().instanceCount() - s.call(s.ec2.describeInstances(b -> b.filters(f -> f
                .name("instance-state-name").values("running")))).reservations().stream()
                .mapToLong(r -> r.instances().size()).sum();
        // P(interrupted within an hour at 1/hour) = 1 - e^-1 = 0.63; the warning adds two minutes
        assertThat(gone).isBetween(100L, 150L);
    }
}

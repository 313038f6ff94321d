package dev.fleetops.sim.ec2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.config.FaultPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** AWS Health scheduled changes: the event first, the change at its startTime to an instance still running. */
class ScheduledEventsTest {

    private static Ec2TestSupport region(String code, int index) {
        var ref = new FaultPlan.InstanceRef(Optional.of("web"), index, Optional.empty());
        return new Ec2TestSupport(new FaultPlan(false, List.of(), List.of(), 0, List.of(), 0,
                List.of(new FaultPlan.ScheduledEvent(Duration.ofMinutes(5), ref, code, Duration.ofHours(1)))));
    }

    private static List<ObjectNode> healthEvents(Ec2TestSupport s) {
        List<ObjectNode> out = new ArrayList<>();
        s.region.context().bus().subscribe((ObjectNode e) -> {
            if (e.path("source").asText().equals("aws.health")) out.add(e);
        });
        return out;
    }

    private static List<String> launch(Ec2TestSupport s, int n) {
        s.call(s.ec2.createLaunchTemplate(b -> b.launchTemplateName("web").launchTemplateData(d -> d.imageId(Ec2TestSupport.AMI))));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(s.region.ec2().launch(new LaunchRequest("web", Optional.empty(),
                    Map.of("aws:autoscaling:groupName", "web"), Optional.empty())));
        }
        return ids;
    }

    @Test
    void aRetirementIsAnnouncedAsAHealthEventAndStopsTheInstanceAtItsStartTime() {
        var s = region("instance-retirement", 1);
        List<ObjectNode> events = healthEvents(s);
        List<String> ids = launch(s, 3);

        s.advance(Duration.ofMinutes(5));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.path("detail-type").asText()).isEqualTo("AWS Health Event");
            assertThat(e.path("resources").get(0).asText()).isEqualTo(ids.get(1));
            assertThat(e.at("/detail/service").asText()).isEqualTo("EC2");
            assertThat(e.at("/detail/eventTypeCategory").asText()).isEqualTo("scheduledChange");
            assertThat(e.at("/detail/eventTypeCode").asText()).isEqualTo("AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED");
            assertThat(e.at("/detail/affectedEntities/0/entityValue").asText()).isEqualTo(ids.get(1));
            // the region's clock starts at its epoch; five minutes in, plus one hour of notice, in RFC 1123
            assertThat(e.at("/detail/startTime").asText()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
        });

        s.advance(Duration.ofMinutes(59));
        assertThat(s.state(ids.get(1))).isEqualTo("running");
        s.advance(Duration.ofMinutes(1));
        assertThat(s.state(ids.get(1))).isEqualTo("stopping");
        assertThat(s.describe(ids.get(1)).stateReason().code()).isEqualTo(ScheduledEvents.RETIREMENT_REASON);
        assertThat(s.state(ids.get(0))).isEqualTo("running");
    }

    @Test
    void anInstanceReplacedBeforeTheStartTimeIsLeftAlone() {
        var s = region("instance-stop", 0);
        List<String> ids = launch(s, 1);
        s.advance(Duration.ofMinutes(10));
        s.region.ec2().terminate(ids.get(0), "replaced ahead of the scheduled stop");
        s.advance(Duration.ofHours(1));
        assertThat(s.state(ids.get(0))).isEqualTo("terminated");
        assertThat(s.describe(ids.get(0)).stateReason().code()).isNotEqualTo(ScheduledEvents.RETIREMENT_REASON);
    }

    @Test
    void aRebootMaintenanceRebootsAndTheInstanceStaysRunning() {
        var s = region("system-reboot", 0);
        List<ObjectNode> events = healthEvents(s);
        List<String> ids = launch(s, 1);
        s.advance(Duration.ofMinutes(64));
        assertThat(s.region.ec2().appResponding(ids.get(0))).as("up before the maintenance").isTrue();
        s.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(events).singleElement().extracting(e -> e.at("/detail/eventTypeCode").asText())
                .isEqualTo("AWS_EC2_SYSTEM_REBOOT_MAINTENANCE_SCHEDULED");
        assertThat(s.state(ids.get(0))).isEqualTo("running");
        assertThat(s.region.ec2().appResponding(ids.get(0))).as("the app is down while it reboots").isFalse();
    }
}

package dev.fleetops.sim.ec2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.region.Instances;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Default timings: boot 30 s, app start 10 s, stop 20 s, reboot 30 s, terminate 30 s, no jitter. */
class InstanceStateMachineTest extends Ec2TestSupport {

    private final List<String> changes = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    InstanceStateMachineTest() {
        region.ec2().addListener(new Instances.Listener() {
            @Override
            public void stateChanged(String id, String from, String to) {
                changes.add(from + ">" + to);
            }

            @Override
            public void appChanged(String id, boolean responding) {
                changes.add(responding ? "app-up" : "app-down");
            }
        });
        region.context().bus().subscribe(e -> {
            if (e.path("detail-type").asText().equals("EC2 Instance State-change Notification")) {
                events.add(e.path("detail").path("state").asText());
            }
        });
    }

    @Test
    void bootsToRunningAfterTheBootTimeAndTheAppAnswersAfterAppStart() {
        String id = runOne();
        advance(Duration.ofSeconds(29));
        assertThat(state(id)).isEqualTo("pending");
        advance(Duration.ofSeconds(1));
        assertThat(state(id)).isEqualTo("running");
        assertThat(region.ec2().appResponding(id)).isFalse();
        advance(Duration.ofSeconds(10));
        assertThat(region.ec2().appResponding(id)).isTrue();
        assertThat(region.ec2().find(id)).get().extracting(Instances.View::state).isEqualTo("running");
        assertThat(changes).containsExactly(">pending", "pending>running", "app-up");
        assertThat(events).containsExactly("pending", "running");
    }

    @Test
    void stopAndStartGoThroughStoppingAndPending() {
        String id = runOne();
        advance(Duration.ofMinutes(1));

        List<InstanceStateChange> stopped = call(ec2.stopInstances(b -> b.instanceIds(id))).stoppingInstances();
        assertThat(stopped).singleElement().satisfies(c -> {
            assertThat(c.previousState().nameAsString()).isEqualTo("running");
            assertThat(c.currentState().nameAsString()).isEqualTo("stopping");
            assertThat(c.currentState().code()).isEqualTo(64);
        });
        assertThat(region.ec2().appResponding(id)).isFalse();
        advance(Duration.ofSeconds(20));
        assertThat(state(id)).isEqualTo("stopped");
        assertThat(describe(id).stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
        assertThat(describe(id).stateTransitionReason()).isEqualTo("User initiated (2026-01-05 09:01:00 GMT)");

        var again = call(ec2.stopInstances(b -> b.instanceIds(id))).stoppingInstances().get(0);
        assertThat(again.previousState().nameAsString()).isEqualTo("stopped");
        assertThat(again.currentState().nameAsString()).isEqualTo("stopped");

        var started = call(ec2.startInstances(b -> b.instanceIds(id))).startingInstances().get(0);
        assertThat(started.previousState().nameAsString()).isEqualTo("stopped");
        assertThat(started.currentState().nameAsString()).isEqualTo("pending");
        advance(Duration.ofSeconds(40));
        assertThat(state(id)).isEqualTo("running");
        assertThat(region.ec2().appResponding(id)).isTrue();
        assertThat(describe(id).privateIpAddress()).as("kept across stop/start").isEqualTo("10.0.0.4");
        assertThat(events).containsExactly("pending", "running", "stopping", "stopped", "pending", "running");
    }

    @Test
    void forcedStopOfAStoppingInstanceCompletesAtOnce() {
        String id = runOne();
        advance(Duration.ofMinutes(1));
        call(ec2.stopInstances(b -> b.instanceIds(id)));
        advance(Duration.ofSeconds(5));

        var c = call(ec2.stopInstances(b -> b.instanceIds(id).force(true))).stoppingInstances().get(0);

        assertThat(c.previousState().nameAsString()).isEqualTo("stopping");
        assertThat(c.currentState().nameAsString()).isEqualTo("stopped");
    }

    @Test
    void rebootKeepsRunningButTakesTheAppDownForTheRebootThenAppStart() {
        String id = runOne();
        advance(Duration.ofMinutes(1));
        changes.clear();

        call(ec2.rebootInstances(b -> b.instanceIds(id)));
        assertThat(region.ec2().appResponding(id)).isFalse();
        assertThat(state(id)).isEqualTo("running");
        advance(Duration.ofSeconds(39));
        assertThat(region.ec2().appResponding(id)).isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(region.ec2().appResponding(id)).isTrue();
        assertThat(changes).containsExactly("app-down", "app-up");
        assertThat(events).containsExactly("pending", "running");

        region.ec2().rebootByAgent(id);
        assertThat(region.ec2().appResponding(id)).isFalse();
        advance(Duration.ofSeconds(40));
        assertThat(region.ec2().appResponding(id)).isTrue();
    }

    @Test
    void terminateIsIdempotentAndTheInstanceStaysVisibleForAnHour() {
        String id = runOne();
        advance(Duration.ofMinutes(1));

        var c = call(ec2.terminateInstances(b -> b.instanceIds(id))).terminatingInstances().get(0);
        assertThat(c.previousState().nameAsString()).isEqualTo("running");
        assertThat(c.currentState().nameAsString()).isEqualTo("shutting-down");
        advance(Duration.ofSeconds(30));
        assertThat(state(id)).isEqualTo("terminated");

        var again = call(ec2.terminateInstances(b -> b.instanceIds(id))).terminatingInstances().get(0);
        assertThat(again.previousState().nameAsString()).isEqualTo("terminated");
        assertThat(again.currentState().nameAsString()).isEqualTo("terminated");
        assertThat(events).containsExactly("pending", "running", "shutting-down", "terminated");

        advance(Duration.ofMinutes(59));
        assertThat(state(id)).isEqualTo("terminated");
        advance(Duration.ofMinutes(1));
        assertThat(code(failure(ec2.describeInstances(b -> b.instanceIds(id))))).isEqualTo("InvalidInstanceID.NotFound");
    }

    @Test
    void stateChangeEventsHaveTheAwsEnvelope() {
        List<ObjectNode> all = new ArrayList<>();
        region.context().bus().subscribe(all::add);
        String id = runOne();

        ObjectNode e = all.get(0);
        assertThat(e.path("source").asText()).isEqualTo("aws.ec2");
        assertThat(e.path("detail-type").asText()).isEqualTo("EC2 Instance State-change Notification");
        assertThat(e.path("resources").get(0).asText()).isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/" + id);
        assertThat(e.path("detail").path("instance-id").asText()).isEqualTo(id);
        assertThat(e.path("detail").path("state").asText()).isEqualTo("pending");
    }

    @Test
    void rejectsTransitionsFromTheWrongState() {
        String id = runOne();
        var pendingStop = failure(ec2.stopInstances(b -> b.instanceIds(id)));
        assertThat(code(pendingStop)).isEqualTo("IncorrectInstanceState");
        assertThat(pendingStop.awsErrorDetails().errorMessage())
                .isEqualTo("The instance '" + id + "' is not in a state from which it can be stopped.");

        call(ec2.terminateInstances(b -> b.instanceIds(id)));
        advance(Duration.ofMinutes(1));
        assertThat(code(failure(ec2.startInstances(b -> b.instanceIds(id))))).isEqualTo("IncorrectInstanceState");
        assertThat(code(failure(ec2.stopInstances(b -> b.instanceIds(id))))).isEqualTo("IncorrectInstanceState");
        call(ec2.rebootInstances(b -> b.instanceIds(id))); // ignored for terminated instances, as AWS does

        assertThat(code(failure(ec2.stopInstances(b -> b.instanceIds(id).hibernate(true)))))
                .isEqualTo("UnsupportedHibernationConfiguration");
        assertThat(code(failure(ec2.terminateInstances(b -> b.instanceIds("i-0123456789abcdef0")))))
                .isEqualTo("InvalidInstanceID.NotFound");
        assertThat(code(failure(ec2.terminateInstances(b -> b.instanceIds("web-1")))))
                .isEqualTo("InvalidInstanceID.Malformed");
        assertThat(code(failure(ec2.startInstances(b -> b.instanceIds(List.of()))))).isEqualTo("MissingParameter");
    }

    @Test
    void aStoppedInstanceCanNotBeRebootedAndOneTimeSpotCanNotBeStopped() {
        String id = runOne();
        String spot = call(ec2.runInstances(runRequest().instanceMarketOptions(m -> m.marketType("spot")).build()))
                .instances().get(0).instanceId();
        advance(Duration.ofMinutes(1));
        call(ec2.stopInstances(b -> b.instanceIds(id)));
        advance(Duration.ofMinutes(1));

        assertThat(code(failure(ec2.rebootInstances(b -> b.instanceIds(id))))).isEqualTo("IncorrectInstanceState");
        assertThat(code(failure(ec2.stopInstances(b -> b.instanceIds(spot))))).isEqualTo("UnsupportedOperation");
    }

    @Test
    void terminateForAnotherServiceIsIdempotentAndIgnoresUnknownIds() {
        String id = runOne();
        region.ec2().terminate(id, "Auto Scaling: scale in");
        region.ec2().terminate(id, "again");
        region.ec2().terminate("i-0000000000000000f", "unknown");
        advance(Duration.ofMinutes(1));

        assertThat(state(id)).isEqualTo("terminated");
        assertThat(describe(id).stateTransitionReason()).isEqualTo("User initiated (2026-01-05 09:00:00 GMT)");
        assertThat(events).containsExactly("pending", "shutting-down", "terminated");
    }
}

package dev.fleetops.runbook.action.aws;

import dev.fleetops.runbook.action.ActionFailure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** aws:changeInstanceState, aws:runInstances and aws:createTags on the simulated EC2. */
class InstanceActionsTest {

    private final World world = new World();
    private final List<String> ids = world.launch(2);

    private World.Attempt change(String desired, String more) {
        return world.attempt(new ChangeInstanceState(), """
                InstanceIds: %s
                DesiredState: %s
                %s""".formatted(ids, desired, more), Duration.ofSeconds(3600));
    }

    @Test
    void stopsStartsAndTerminatesWaitingForEachState() {
        World.Attempt stop = change("stopped", "Force: true\n");
        stop.succeeded();
        assertThat(stop.ctx().calls).startsWith("ec2 StopInstances").contains("ec2 DescribeInstances");
        assertThat(ids).allSatisfy(id -> assertThat(world.state(id)).isEqualTo("stopped"));

        World.Attempt start = change("running", "");
        start.succeeded();
        assertThat(start.ctx().calls).startsWith("ec2 StartInstances").contains("ec2 DescribeInstanceStatus");
        // running counts only once both status checks pass (120 s after boot on the simulator)
        assertThat(start.took()).isGreaterThan(Duration.ofSeconds(120));
        assertThat(start.ctx().progress).anyMatch(p -> p.contains("running, status checks initializing/initializing"));

        World.Attempt terminate = change("terminated", "");
        terminate.succeeded();
        assertThat(ids).allSatisfy(id -> assertThat(world.state(id)).isEqualTo("terminated"));

        ActionFailure never = change("running", "").failed();
        assertThat(never.getMessage()).startsWith("ec2 StartInstances: IncorrectInstanceState: ");
        ActionFailure checkOnly = change("running", "CheckStateOnly: true\n").failed();
        assertThat(checkOnly.getMessage()).endsWith("instance " + ids.get(0) + " is terminated and can never be running");
    }

    @Test
    void checkStateOnlyOnlyPolls() {
        World.Attempt already = change("running", "CheckStateOnly: true\n");
        already.succeeded();
        assertThat(already.ctx().calls).containsExactly("ec2 DescribeInstanceStatus");

        World.Attempt notYet = world.attempt(new ChangeInstanceState(), """
                InstanceIds: %s
                DesiredState: stopped
                CheckStateOnly: "true"
                """.formatted(ids), Duration.ofSeconds(300));
        ActionFailure f = notYet.failed();
        assertThat(f.timedOut()).isTrue();
        assertThat(notYet.took()).isEqualTo(Duration.ofSeconds(300));
        assertThat(f.getMessage()).endsWith("last seen: " + ids.get(0) + " running, " + ids.get(1) + " running)");
        assertThat(notYet.ctx().calls).allMatch(c -> c.equals("ec2 DescribeInstances"));
        assertThat(world.state(ids.get(0))).isEqualTo("running");
    }

    @Test
    void badDesiredStateIsAnInputError() {
        World.Attempt a = change("rebooted", "");
        assertThat(a.failed().getMessage()).isEqualTo("aws:changeInstanceState input DesiredState must be running, "
                + "stopped or terminated, got rebooted");
        assertThat(a.ctx().calls).isEmpty();
    }

    @Test
    void runInstancesLaunchesTagsAndWaitsUntilRunning() {
        World.Attempt a = world.attempt(new RunInstances(), """
                ImageId: %s
                InstanceType: t3.micro
                MinInstanceCount: "2"
                MaxInstanceCount: 2
                TagSpecifications:
                  - ResourceType: instance
                    Tags:
                      - Key: Name
                        Value: from-runbook
                """.formatted(World.AMI), Duration.ofSeconds(3600));

        a.succeeded();
        assertThat(a.result().outputs().get("InstanceIds")).hasSize(2);
        assertThat(a.result().outputs().get("InstanceStates").toString()).isEqualTo("[\"running\",\"running\"]");
        String id = a.result().outputs().get("InstanceIds").get(0).asText();
        assertThat(world.state(id)).isEqualTo("running");
        var tags = world.await(world.region.cloud().ec2().describeTags(r -> r.filters(f -> f.name("resource-id").values(id))));
        assertThat(tags.tags()).anyMatch(t -> t.key().equals("Name") && t.value().equals("from-runbook"));
    }

    @Test
    void runInstancesWithABadImageFails() {
        ActionFailure f = world.attempt(new RunInstances(), "ImageId: ubuntu\nInstanceType: t3.micro\n",
                Duration.ofSeconds(3600)).failed();
        assertThat(f.getMessage()).startsWith("ec2 RunInstances: InvalidAMIID.Malformed: ");
        ActionFailure count = world.attempt(new RunInstances(), "ImageId: ami-1\nMaxInstanceCount: two\n",
                Duration.ofSeconds(3600)).failed();
        assertThat(count.getMessage()).isEqualTo("aws:runInstances input MaxInstanceCount must be an Integer, got \"two\"");
    }

    @Test
    void createTagsOnEc2AndItsInputChecks() {
        world.attempt(new CreateTags(), """
                ResourceType: EC2
                ResourceIds: %s
                Tags:
                  - Key: Patch
                    Value: "2026-01"
                """.formatted(ids), Duration.ofSeconds(60)).succeeded();
        var tags = world.await(world.region.cloud().ec2().describeTags(r -> r.filters(f -> f.name("key").values("Patch"))));
        assertThat(tags.tags()).hasSize(2);

        assertThat(world.attempt(new CreateTags(), """
                ResourceType: ManagedInstance
                ResourceIds: %s
                Tags: [{Key: a, Value: b}]
                """.formatted(ids), Duration.ofSeconds(60)).failed().getMessage())
                .isEqualTo("aws:createTags input ResourceIds takes exactly one id for ResourceType ManagedInstance");
        assertThat(world.attempt(new CreateTags(), """
                ResourceType: S3
                ResourceIds: [bucket]
                Tags: [{Key: a, Value: b}]
                """, Duration.ofSeconds(60)).failed().getMessage())
                .isEqualTo("aws:createTags input ResourceType must be EC2, ManagedInstance, MaintenanceWindow or "
                        + "Parameter, got S3");
    }
}

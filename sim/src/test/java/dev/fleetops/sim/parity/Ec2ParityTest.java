package dev.fleetops.sim.parity;

import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;
import software.amazon.awssdk.services.ec2.model.TagDescription;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.fleetops.sim.parity.Ec2Steps.INSTANCE_ID;
import static dev.fleetops.sim.parity.Ec2Steps.filter;
import static dev.fleetops.sim.parity.Ec2Steps.ids;
import static dev.fleetops.sim.parity.Ec2Steps.tag;
import static dev.fleetops.sim.parity.Ec2Steps.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** EC2 instances: what the simulated region and moto (so, the real API) agree on. */
class Ec2ParityTest {

    private static final String UNKNOWN_ID = "i-0123456789abcdef0";

    @ParityTest
    void runInstancesAnswersPendingWithAwsShapedIdsAndTheInstancesBoot(Backend backend) {
        Ec2Steps ec2 = new Ec2Steps(backend);

        RunInstancesResponse run = ec2.run(2, tag("Name", "web"), tag("team", "parity"));

        assertThat(run.reservationId()).matches("r-[0-9a-f]{17}");
        assertThat(run.ownerId()).isEqualTo("123456789012");
        assertThat(run.instances()).hasSize(2).allSatisfy(i -> {
            assertThat(i.instanceId()).matches(INSTANCE_ID);
            assertThat(i.state().name()).isEqualTo(InstanceStateName.PENDING);
            assertThat(i.state().code()).isEqualTo(0);
            assertThat(i.imageId()).isEqualTo(Ec2Steps.AMI);
            assertThat(i.instanceTypeAsString()).isEqualTo("t3.micro");
            assertThat(i.placement().availabilityZone()).startsWith("us-east-1");
            assertThat(i.launchTime()).isNotNull();
        });
        assertThat(ids(run.instances())).doesNotHaveDuplicates();

        backend.settle();

        List<Instance> described = ec2.describe(ids(run.instances()));
        assertThat(ids(described)).containsExactlyInAnyOrderElementsOf(ids(run.instances()));
        assertThat(described).allSatisfy(i -> {
            assertThat(i.state().name()).isEqualTo(InstanceStateName.RUNNING);
            assertThat(i.state().code()).isEqualTo(16);
            assertThat(tags(i)).contains(entry("Name", "web"), entry("team", "parity"));
            assertThat(i.privateIpAddress()).isNotBlank();
            assertThat(i.vpcId()).startsWith("vpc-");
            assertThat(i.subnetId()).startsWith("subnet-");
        });
    }

    /**
     * Amazon EC2 API Reference, "Ensuring idempotency in Amazon EC2 API requests": a repeated ClientToken with the
     * same parameters answers the first launch and launches nothing; with other parameters it is
     * IdempotentParameterMismatch. The simulator does so; moto launches again (docs/simulator.md).
     */
    @ParityTest
    void aRepeatedClientTokenAnswersTheFirstLaunch(Backend backend) {
        var ec2 = backend.cloud().ec2();
        java.util.function.Supplier<RunInstancesResponse> launch = () -> backend.await(ec2.runInstances(r -> r
                .imageId(Ec2Steps.AMI).instanceType("t3.micro").minCount(1).maxCount(1).clientToken("parity-token-1")));
        RunInstancesResponse first = launch.get();
        RunInstancesResponse again = launch.get();

        if (backend.isSim()) {
            assertThat(again.reservationId()).isEqualTo(first.reservationId());
            assertThat(ids(again.instances())).isEqualTo(ids(first.instances()));
            // moto does not implement the client-token filter (HTTP 500)
            assertThat(new Ec2Steps(backend).describe(filter("client-token", "parity-token-1"))).hasSize(1);
            assertThat(backend.errorCode(ec2.runInstances(r -> r.imageId(Ec2Steps.AMI).instanceType("t3.large")
                    .minCount(1).maxCount(1).clientToken("parity-token-1")))).isEqualTo("IdempotentParameterMismatch");
        } else {
            // moto 5 does not honour ClientToken: the repeat is a second launch, other parameters a third
            assertThat(again.reservationId()).isNotEqualTo(first.reservationId());
            assertThat(ids(again.instances())).doesNotContainAnyElementsOf(ids(first.instances()));
            assertThat(backend.await(ec2.runInstances(r -> r.imageId(Ec2Steps.AMI).instanceType("t3.large").minCount(1)
                    .maxCount(1).clientToken("parity-token-1"))).instances()).hasSize(1);
        }
    }

    @ParityTest
    void describeInstancesFiltersByTagTagKeyAndStateName(Backend backend) {
        Ec2Steps ec2 = new Ec2Steps(backend);
        String blue = ec2.runningIds(1, tag("app", "blue")).get(0);
        String green = ec2.runningIds(1, tag("app", "green"), tag("canary", "yes")).get(0);
        backend.await(backend.cloud().ec2().stopInstances(r -> r.instanceIds(green)));
        backend.settle();

        assertThat(ids(ec2.describe(filter("tag:app", "blue")))).containsExactly(blue);
        assertThat(ids(ec2.describe(filter("tag:app", "blue", "green")))).containsExactlyInAnyOrder(blue, green);
        assertThat(ids(ec2.describe(filter("tag-key", "canary")))).containsExactly(green);
        assertThat(ids(ec2.describe(filter("instance-state-name", "running")))).containsExactly(blue);
        assertThat(ids(ec2.describe(filter("instance-state-name", "stopped")))).containsExactly(green);
        assertThat(ids(ec2.describe(filter("tag:app", "green"), filter("instance-state-name", "running"))))
                .isEmpty();
        assertThat(ids(ec2.describe(filter("tag:app", "purple")))).isEmpty();
    }

    @ParityTest
    void stopStartAndTerminateReportPreviousAndCurrentStates(Backend backend) {
        Ec2Steps ec2 = new Ec2Steps(backend);
        String id = ec2.runningIds(1).get(0);
        var client = backend.cloud().ec2();

        InstanceStateChange stopping = single(backend.await(client.stopInstances(r -> r.instanceIds(id)))
                .stoppingInstances());
        assertChange(stopping, id, InstanceStateName.RUNNING, InstanceStateName.STOPPING);
        backend.settle();
        Instance stopped = ec2.describe(id);
        assertThat(stopped.state().name()).isEqualTo(InstanceStateName.STOPPED);
        assertThat(stopped.state().code()).isEqualTo(80);
        assertThat(stopped.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");

        InstanceStateChange starting = single(backend.await(client.startInstances(r -> r.instanceIds(id)))
                .startingInstances());
        assertChange(starting, id, InstanceStateName.STOPPED, InstanceStateName.PENDING);
        backend.settle();
        assertThat(ec2.describe(id).state().name()).isEqualTo(InstanceStateName.RUNNING);

        InstanceStateChange terminating = single(backend.await(client.terminateInstances(r -> r.instanceIds(id)))
                .terminatingInstances());
        assertChange(terminating, id, InstanceStateName.RUNNING, InstanceStateName.SHUTTING_DOWN);
        backend.settle();
        Instance terminated = ec2.describe(id);
        assertThat(terminated.state().name()).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(terminated.state().code()).isEqualTo(48);
    }

    @ParityTest
    void describeInstanceStatusReportsOkWhenRunningAndNotApplicableWhenStopped(Backend backend) {
        Ec2Steps ec2 = new Ec2Steps(backend);
        List<String> ids = ec2.runningIds(2);
        String running = ids.get(0);
        String stopped = ids.get(1);
        backend.await(backend.cloud().ec2().stopInstances(r -> r.instanceIds(stopped)));
        backend.settle();

        Map<String, InstanceStatus> all = byId(backend.await(backend.cloud().ec2().describeInstanceStatus(r -> r
                .instanceIds(ids).includeAllInstances(true))).instanceStatuses());
        assertThat(all).containsOnlyKeys(running, stopped);
        assertThat(all.get(running).instanceState().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(all.get(running).instanceStatus().status()).isEqualTo(SummaryStatus.OK);
        assertThat(all.get(running).systemStatus().status()).isEqualTo(SummaryStatus.OK);
        assertThat(all.get(running).availabilityZone()).startsWith("us-east-1");
        assertThat(all.get(stopped).instanceState().name()).isEqualTo(InstanceStateName.STOPPED);
        assertThat(all.get(stopped).instanceStatus().status()).isEqualTo(SummaryStatus.NOT_APPLICABLE);
        assertThat(all.get(stopped).systemStatus().status()).isEqualTo(SummaryStatus.NOT_APPLICABLE);

        Map<String, InstanceStatus> runningOnly = byId(backend.await(backend.cloud().ec2()
                .describeInstanceStatus(r -> r.instanceIds(ids))).instanceStatuses());
        assertThat(runningOnly).containsOnlyKeys(running);
    }

    @ParityTest
    void anUnknownWellFormedInstanceIdIsNotFound(Backend backend) {
        String known = new Ec2Steps(backend).runningIds(1).get(0);
        var client = backend.cloud().ec2();

        assertThat(backend.errorCode(client.describeInstances(r -> r.instanceIds(UNKNOWN_ID))))
                .isEqualTo("InvalidInstanceID.NotFound");
        assertThat(backend.errorCode(client.describeInstances(r -> r.instanceIds(known, UNKNOWN_ID))))
                .isEqualTo("InvalidInstanceID.NotFound");
        assertThat(backend.errorCode(client.describeInstanceStatus(r -> r.instanceIds(known, UNKNOWN_ID))))
                .isEqualTo("InvalidInstanceID.NotFound");
        assertThat(backend.errorCode(client.stopInstances(r -> r.instanceIds(UNKNOWN_ID))))
                .isEqualTo("InvalidInstanceID.NotFound");
        assertThat(backend.errorCode(client.terminateInstances(r -> r.instanceIds(UNKNOWN_ID))))
                .isEqualTo("InvalidInstanceID.NotFound");
        assertThat(backend.failure(client.describeInstances(r -> r.instanceIds(UNKNOWN_ID))).getMessage())
                .contains(UNKNOWN_ID);
    }

    @ParityTest
    void createTagsAddsTagsThatDescribeTagsAndDescribeInstancesShow(Backend backend) {
        Ec2Steps ec2 = new Ec2Steps(backend);
        String id = ec2.runningIds(1, tag("Name", "web")).get(0);

        backend.await(backend.cloud().ec2().createTags(r -> r.resources(id)
                .tags(tag("env", "prod"), tag("owner", "ops"))));

        List<TagDescription> described = backend.await(backend.cloud().ec2().describeTags(r -> r
                .filters(filter("resource-id", id)))).tags();
        assertThat(described).allSatisfy(t -> {
            assertThat(t.resourceId()).isEqualTo(id);
            assertThat(t.resourceType()).isEqualTo(ResourceType.INSTANCE);
        });
        assertThat(described.stream().collect(Collectors.toMap(TagDescription::key, TagDescription::value)))
                .containsOnly(entry("Name", "web"), entry("env", "prod"), entry("owner", "ops"));
        assertThat(tags(ec2.describe(id))).containsOnly(entry("Name", "web"), entry("env", "prod"),
                entry("owner", "ops"));

        backend.await(backend.cloud().ec2().createTags(r -> r.resources(id).tags(tag("env", "staging"))));
        assertThat(tags(ec2.describe(id))).contains(entry("env", "staging"));
    }

    private static void assertChange(InstanceStateChange change, String id, InstanceStateName previous,
                                     InstanceStateName current) {
        assertThat(change.instanceId()).isEqualTo(id);
        assertThat(change.previousState().name()).isEqualTo(previous);
        assertThat(change.currentState().name()).isEqualTo(current);
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static Map<String, InstanceStatus> byId(List<InstanceStatus> statuses) {
        return statuses.stream().collect(Collectors.toMap(InstanceStatus::instanceId, Function.identity()));
    }
}

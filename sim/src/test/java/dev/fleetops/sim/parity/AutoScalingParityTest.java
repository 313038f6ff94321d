package dev.fleetops.sim.parity;

import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;

import java.util.List;

import static dev.fleetops.sim.parity.Ec2Steps.INSTANCE_ID;
import static dev.fleetops.sim.parity.Ec2Steps.filter;
import static dev.fleetops.sim.parity.Ec2Steps.ids;
import static dev.fleetops.sim.parity.Ec2Steps.tags;
import static org.assertj.core.api.Assertions.assertThat;

/** Auto Scaling groups over a launch template: what the simulated region and moto agree on. */
class AutoScalingParityTest {

    private static final String GROUP = "web";
    private static final String GROUP_TAG = "aws:autoscaling:groupName";

    @ParityTest
    void createLaunchTemplateAnswersAnAwsShapedTemplate(Backend backend) {
        LaunchTemplate template = createLaunchTemplate(backend);

        assertThat(template.launchTemplateId()).matches("lt-[0-9a-f]{17}");
        assertThat(template.launchTemplateName()).isEqualTo("web-lt");
        assertThat(template.defaultVersionNumber()).isEqualTo(1L);
        assertThat(template.latestVersionNumber()).isEqualTo(1L);
        assertThat(template.createTime()).isNotNull();
    }

    @ParityTest
    void aNewGroupLaunchesItsDesiredInstancesInServiceAndTagged(Backend backend) {
        createGroup(backend, 2);
        backend.settle();

        AutoScalingGroup group = group(backend);
        assertThat(group.autoScalingGroupARN())
                .startsWith("arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:")
                .endsWith(":autoScalingGroupName/" + GROUP);
        assertThat(group.minSize()).isEqualTo(1);
        assertThat(group.maxSize()).isEqualTo(4);
        assertThat(group.desiredCapacity()).isEqualTo(2);
        assertThat(group.launchTemplate().launchTemplateId()).matches("lt-[0-9a-f]{17}");
        assertThat(group.availabilityZones()).containsExactly("us-east-1a");
        assertThat(group.instances()).hasSize(2).allSatisfy(i -> {
            assertThat(i.instanceId()).matches(INSTANCE_ID);
            assertThat(i.lifecycleState()).isEqualTo(LifecycleState.IN_SERVICE);
            assertThat(i.healthStatus()).isEqualTo("Healthy");
            assertThat(i.availabilityZone()).isEqualTo("us-east-1a");
            assertThat(i.launchTemplate().launchTemplateId()).isEqualTo(group.launchTemplate().launchTemplateId());
        });

        Ec2Steps ec2 = new Ec2Steps(backend);
        List<String> members = memberIds(group);
        assertThat(ids(ec2.describe(filter("tag:" + GROUP_TAG, GROUP)))).containsExactlyInAnyOrderElementsOf(members);
        assertThat(ec2.describe(members)).allSatisfy(i -> {
            assertThat(i.state().name()).isEqualTo(InstanceStateName.RUNNING);
            assertThat(i.imageId()).isEqualTo(Ec2Steps.AMI);
        });

        var instances = backend.await(backend.cloud().autoScaling().describeAutoScalingInstances(r -> r
                .instanceIds(members))).autoScalingInstances();
        assertThat(instances).hasSize(2).allSatisfy(i -> {
            assertThat(i.autoScalingGroupName()).isEqualTo(GROUP);
            assertThat(i.lifecycleState()).isEqualTo("InService");
            assertThat(i.healthStatus()).isEqualToIgnoringCase("HEALTHY");
        });
    }

    @ParityTest
    void aGroupCreatedWithATemplateIdDescribesTheTemplateByIdAndName(Backend backend) {
        createGroup(backend, 1);
        backend.settle();

        AutoScalingGroup group = group(backend);
        assertThat(group.launchTemplate().launchTemplateId()).matches("lt-[0-9a-f]{17}");
        assertThat(group.launchTemplate().launchTemplateName()).isEqualTo("web-lt");
        assertThat(group.instances()).allSatisfy(i ->
                assertThat(i.launchTemplate().launchTemplateName()).isEqualTo("web-lt"));
    }

    @ParityTest
    void describeAutoScalingGroupsOfAnUnknownNameIsEmpty(Backend backend) {
        createGroup(backend, 1);

        assertThat(backend.await(backend.cloud().autoScaling().describeAutoScalingGroups(r -> r
                .autoScalingGroupNames("no-such-group"))).autoScalingGroups()).isEmpty();
    }

    @ParityTest
    void aGroupWithoutLaunchTemplateOrConfigurationIsAValidationError(Backend backend) {
        assertThat(backend.errorCode(backend.cloud().autoScaling().createAutoScalingGroup(r -> r
                .autoScalingGroupName(GROUP).minSize(0).maxSize(1).availabilityZones("us-east-1a"))))
                .isEqualTo("ValidationError");
    }

    @ParityTest
    void detachingWithoutDecrementKeepsTheInstanceRunningAndLaunchesAReplacement(Backend backend) {
        createGroup(backend, 2);
        backend.settle();
        List<String> before = memberIds(group(backend));
        String detached = before.get(0);

        backend.await(backend.cloud().autoScaling().detachInstances(r -> r.autoScalingGroupName(GROUP)
                .instanceIds(detached).shouldDecrementDesiredCapacity(false)));
        backend.settle();

        AutoScalingGroup group = group(backend);
        assertThat(group.desiredCapacity()).isEqualTo(2);
        assertThat(memberIds(group)).hasSize(2).doesNotContain(detached).contains(before.get(1));
        assertThat(group.instances()).allSatisfy(i ->
                assertThat(i.lifecycleState()).isEqualTo(LifecycleState.IN_SERVICE));
        var instance = new Ec2Steps(backend).describe(detached);
        assertThat(instance.state().name()).isEqualTo(InstanceStateName.RUNNING);
        assertThat(tags(instance)).doesNotContainKey(GROUP_TAG);
    }

    @ParityTest
    void setDesiredCapacityScalesOutAndIn(Backend backend) {
        createGroup(backend, 2);
        backend.settle();

        backend.await(backend.cloud().autoScaling().setDesiredCapacity(r -> r.autoScalingGroupName(GROUP)
                .desiredCapacity(3)));
        backend.settle();
        AutoScalingGroup out = group(backend);
        assertThat(out.desiredCapacity()).isEqualTo(3);
        assertThat(out.instances()).hasSize(3).allSatisfy(i ->
                assertThat(i.lifecycleState()).isEqualTo(LifecycleState.IN_SERVICE));

        backend.await(backend.cloud().autoScaling().setDesiredCapacity(r -> r.autoScalingGroupName(GROUP)
                .desiredCapacity(1)));
        backend.settle();
        AutoScalingGroup in = group(backend);
        assertThat(in.desiredCapacity()).isEqualTo(1);
        assertThat(in.instances()).hasSize(1);
        List<String> scaledIn = memberIds(out).stream().filter(id -> !memberIds(in).contains(id)).toList();
        assertThat(new Ec2Steps(backend).describe(scaledIn)).hasSize(2).allSatisfy(i ->
                assertThat(i.state().name()).isEqualTo(InstanceStateName.TERMINATED));
    }

    static LaunchTemplate createLaunchTemplate(Backend backend) {
        return backend.await(backend.cloud().ec2().createLaunchTemplate(r -> r.launchTemplateName("web-lt")
                .launchTemplateData(d -> d.imageId(Ec2Steps.AMI).instanceType(InstanceType.T3_MICRO))))
                .launchTemplate();
    }

    static void createGroup(Backend backend, int desired) {
        LaunchTemplate template = createLaunchTemplate(backend);
        backend.await(backend.cloud().autoScaling().createAutoScalingGroup(r -> r.autoScalingGroupName(GROUP)
                .launchTemplate(LaunchTemplateSpecification.builder()
                        .launchTemplateId(template.launchTemplateId()).version("$Latest").build())
                .minSize(1).maxSize(4).desiredCapacity(desired).availabilityZones("us-east-1a")));
    }

    static AutoScalingGroup group(Backend backend) {
        List<AutoScalingGroup> groups = backend.await(backend.cloud().autoScaling().describeAutoScalingGroups(r -> r
                .autoScalingGroupNames(GROUP))).autoScalingGroups();
        assertThat(groups).hasSize(1);
        return groups.get(0);
    }

    static List<String> memberIds(AutoScalingGroup group) {
        return group.instances().stream().map(i -> i.instanceId()).toList();
    }
}

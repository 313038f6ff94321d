package dev.fleetops.sim.parity;

import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthReasonEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** ELBv2 target groups and target health: what the simulated region and moto agree on. */
class Elbv2ParityTest {

    private static final String DELAY = "deregistration_delay.timeout_seconds";
    private static final String UNKNOWN_GROUP =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef";

    @ParityTest
    void createTargetGroupAppliesAwsHealthCheckDefaultsAndTheDrainDelay(Backend backend) {
        String vpc = new Ec2Steps(backend).describe(new Ec2Steps(backend).runningIds(1).get(0)).vpcId();

        TargetGroup group = createGroup(backend, vpc);

        assertThat(group.targetGroupArn())
                .matches("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/[0-9a-f]{16}");
        assertThat(group.targetGroupName()).isEqualTo("web-tg");
        assertThat(group.protocol()).isEqualTo(ProtocolEnum.HTTP);
        assertThat(group.port()).isEqualTo(8080);
        assertThat(group.vpcId()).isEqualTo(vpc);
        assertThat(group.targetType()).isEqualTo(TargetTypeEnum.INSTANCE);
        assertThat(group.healthCheckIntervalSeconds()).isEqualTo(30);
        assertThat(group.healthCheckTimeoutSeconds()).isEqualTo(5);
        assertThat(group.healthyThresholdCount()).isEqualTo(5);
        assertThat(group.unhealthyThresholdCount()).isEqualTo(2);
        assertThat(group.healthCheckPath()).isEqualTo("/");
        assertThat(group.matcher().httpCode()).isEqualTo("200");

        assertThat(attributes(backend, group.targetGroupArn())).contains(entry(DELAY, "300"));
        List<TargetGroup> described = backend.await(backend.cloud().elbv2().describeTargetGroups(r -> r
                .names("web-tg"))).targetGroups();
        assertThat(described).extracting(TargetGroup::targetGroupArn).containsExactly(group.targetGroupArn());
    }

    @ParityTest
    void modifiedDrainDelayIsDescribed(Backend backend) {
        String vpc = new Ec2Steps(backend).describe(new Ec2Steps(backend).runningIds(1).get(0)).vpcId();
        String arn = createGroup(backend, vpc).targetGroupArn();

        backend.await(backend.cloud().elbv2().modifyTargetGroupAttributes(r -> r.targetGroupArn(arn)
                .attributes(TargetGroupAttribute.builder().key(DELAY).value("30").build())));

        assertThat(attributes(backend, arn)).contains(entry(DELAY, "30"));
    }

    @ParityTest
    void registeredRunningTargetsAreDescribedByName(Backend backend) {
        Ec2Steps ec2 = new Ec2Steps(backend);
        List<String> ids = ec2.runningIds(2);
        String arn = createGroup(backend, ec2.describe(ids.get(0)).vpcId()).targetGroupArn();

        backend.await(backend.cloud().elbv2().registerTargets(r -> r.targetGroupArn(arn).targets(targets(ids))));
        backend.settle();

        List<TargetHealthDescription> named = health(backend, arn, ids);
        assertThat(named).extracting(d -> d.target().id()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(named).allSatisfy(d -> {
            assertThat(d.target().port()).isEqualTo(8080);
            if (backend.isSim()) {
                // AWS: a target group that no load balancer uses checks nothing: unused, Target.NotInUse
                // (Elastic Load Balancing User Guide for Application Load Balancers: "Health checks for your target groups").
                assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.UNUSED);
                assertThat(d.targetHealth().reason()).isEqualTo(TargetHealthReasonEnum.TARGET_NOT_IN_USE);
            } else {
                // moto answers healthy for a registered running instance, even without a load balancer.
                assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.HEALTHY);
            }
        });
        List<TargetHealthDescription> all = backend.await(backend.cloud().elbv2().describeTargetHealth(r -> r
                .targetGroupArn(arn))).targetHealthDescriptions();
        assertThat(all).extracting(d -> d.target().id()).containsExactlyInAnyOrderElementsOf(ids);
    }

    @ParityTest
    void targetsBehindAnAlbListenerBecomeHealthy(Backend backend) {
        Ec2Steps ec2 = new Ec2Steps(backend);
        List<String> ids = List.of(runIn(backend, "us-east-1a"), runIn(backend, "us-east-1b"));
        backend.settle();
        List<Instance> instances = ec2.describe(ids);
        String tg = createGroup(backend, instances.get(0).vpcId()).targetGroupArn();

        List<LoadBalancer> created = backend.await(backend.cloud().elbv2().createLoadBalancer(r -> r
                .name("web-alb").type(LoadBalancerTypeEnum.APPLICATION)
                .subnets(instances.stream().map(Instance::subnetId).toList()))).loadBalancers();
        assertThat(created).hasSize(1);
        LoadBalancer alb = created.get(0);
        assertThat(alb.loadBalancerArn()).matches(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/[0-9a-f]{16}");
        assertThat(alb.type()).isEqualTo(LoadBalancerTypeEnum.APPLICATION);
        assertThat(alb.dnsName()).isNotBlank();
        backend.await(backend.cloud().elbv2().createListener(r -> r.loadBalancerArn(alb.loadBalancerArn())
                .protocol(ProtocolEnum.HTTP).port(80)
                .defaultActions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(tg).build())));

        backend.await(backend.cloud().elbv2().registerTargets(r -> r.targetGroupArn(tg).targets(targets(ids))));
        backend.settle();

        assertThat(health(backend, tg, ids)).hasSize(2).allSatisfy(d ->
                assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.HEALTHY));
        assertThat(backend.await(backend.cloud().elbv2().describeTargetGroups(r -> r.targetGroupArns(tg)))
                .targetGroups().get(0).loadBalancerArns()).containsExactly(alb.loadBalancerArn());
    }

    @ParityTest
    void aStoppedInstanceCannotBeRegistered(Backend backend) {
        Ec2Steps ec2 = new Ec2Steps(backend);
        String id = ec2.runningIds(1).get(0);
        String arn = createGroup(backend, ec2.describe(id).vpcId()).targetGroupArn();
        backend.await(backend.cloud().ec2().stopInstances(r -> r.instanceIds(id)));
        backend.settle();

        var failure = backend.failure(backend.cloud().elbv2().registerTargets(r -> r.targetGroupArn(arn)
                .targets(targets(List.of(id)))));

        assertThat(failure.awsErrorDetails().errorCode()).isEqualTo("InvalidTarget");
        assertThat(failure.awsErrorDetails().errorMessage()).contains(id);
    }

    @ParityTest
    void aDeregisteredTargetNamedInTheQueryIsUnusedAndNotRegistered(Backend backend) {
        Ec2Steps ec2 = new Ec2Steps(backend);
        List<String> ids = ec2.runningIds(2);
        String arn = createGroup(backend, ec2.describe(ids.get(0)).vpcId()).targetGroupArn();
        backend.await(backend.cloud().elbv2().registerTargets(r -> r.targetGroupArn(arn).targets(targets(ids))));
        backend.settle();

        backend.await(backend.cloud().elbv2().deregisterTargets(r -> r.targetGroupArn(arn)
                .targets(targets(List.of(ids.get(0))))));
        backend.settle(); // past the 300 s drain delay on the simulator

        TargetHealthDescription gone = health(backend, arn, List.of(ids.get(0))).get(0);
        assertThat(gone.targetHealth().state()).isEqualTo(TargetHealthStateEnum.UNUSED);
        assertThat(gone.targetHealth().reason()).isEqualTo(TargetHealthReasonEnum.TARGET_NOT_REGISTERED);
        List<TargetHealthDescription> all = backend.await(backend.cloud().elbv2().describeTargetHealth(r -> r
                .targetGroupArn(arn))).targetHealthDescriptions();
        assertThat(all).extracting(d -> d.target().id()).containsExactly(ids.get(1));
    }

    @ParityTest
    void anUnknownTargetGroupIsNotFound(Backend backend) {
        assertThat(backend.errorCode(backend.cloud().elbv2().describeTargetHealth(r -> r
                .targetGroupArn(UNKNOWN_GROUP)))).isEqualTo("TargetGroupNotFound");
        assertThat(backend.errorCode(backend.cloud().elbv2().describeTargetGroups(r -> r
                .targetGroupArns(UNKNOWN_GROUP)))).isEqualTo("TargetGroupNotFound");
    }

    private static String runIn(Backend backend, String zone) {
        return backend.await(backend.cloud().ec2().runInstances(r -> r.imageId(Ec2Steps.AMI)
                .instanceType(InstanceType.T3_MICRO).minCount(1).maxCount(1)
                .placement(p -> p.availabilityZone(zone)))).instances().get(0).instanceId();
    }

    static TargetGroup createGroup(Backend backend, String vpcId) {
        List<TargetGroup> created = backend.await(backend.cloud().elbv2().createTargetGroup(r -> r.name("web-tg")
                .protocol(ProtocolEnum.HTTP).port(8080).vpcId(vpcId).targetType(TargetTypeEnum.INSTANCE)))
                .targetGroups();
        assertThat(created).hasSize(1);
        return created.get(0);
    }

    private static Map<String, String> attributes(Backend backend, String arn) {
        return backend.await(backend.cloud().elbv2().describeTargetGroupAttributes(r -> r.targetGroupArn(arn)))
                .attributes().stream()
                .collect(Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value));
    }

    private static List<TargetHealthDescription> health(Backend backend, String arn, List<String> ids) {
        return backend.await(backend.cloud().elbv2().describeTargetHealth(r -> r.targetGroupArn(arn)
                .targets(targets(ids)))).targetHealthDescriptions();
    }

    private static List<TargetDescription> targets(List<String> ids) {
        return ids.stream().map(id -> TargetDescription.builder().id(id).build()).toList();
    }
}

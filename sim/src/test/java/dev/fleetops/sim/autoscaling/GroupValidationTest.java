package dev.fleetops.sim.autoscaling;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.AlreadyExistsException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.CreateAutoScalingGroupRequest;
import software.amazon.awssdk.services.autoscaling.model.InvalidNextTokenException;
import software.amazon.awssdk.services.autoscaling.model.ResourceInUseException;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class GroupValidationTest {

    private final AsgWorld w = new AsgWorld();

    private AwsServiceException create(Consumer<CreateAutoScalingGroupRequest.Builder> change) {
        CreateAutoScalingGroupRequest.Builder b = CreateAutoScalingGroupRequest.builder()
                .autoScalingGroupName("api").launchTemplate(lt -> lt.launchTemplateName("web"))
                .minSize(1).maxSize(3).vpcZoneIdentifier("subnet-0aaa,subnet-0bbb");
        change.accept(b);
        return w.error(w.asg.createAutoScalingGroup(b.build()));
    }

    @Test
    void createRejectsWhatAwsRejects() {
        w.createWeb(1, 3, 1);
        AwsServiceException dup = w.error(w.asg.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                .launchTemplate(lt -> lt.launchTemplateId("lt-0web")).minSize(1).maxSize(1)
                .availabilityZones("us-east-1a")));
        assertThat(dup).isInstanceOf(AlreadyExistsException.class);
        assertThat(dup.awsErrorDetails().errorCode()).isEqualTo("AlreadyExists");
        assertThat(dup.awsErrorDetails().errorMessage())
                .isEqualTo("AutoScalingGroup by this name already exists - A group with the name web already exists");

        assertThat(create(b -> b.targetGroupARNs("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/1"))
                .awsErrorDetails().errorMessage())
                .isEqualTo("Provided Target Groups may not be valid. Please ensure they exist and try again.");
        assertThat(create(b -> b.minSize(4)).awsErrorDetails().errorMessage())
                .isEqualTo("Max bound, 3, must be greater than or equal to min bound, 4");
        assertThat(create(b -> b.desiredCapacity(5)).awsErrorDetails().errorMessage())
                .isEqualTo("Desired capacity:5 must be between the specified min size:1 and max size:3");
        assertThat(create(b -> b.vpcZoneIdentifier(null)).awsErrorDetails().errorMessage())
                .isEqualTo("At least one Availability Zone or VPC Subnet is required.");
        assertThat(create(b -> b.launchTemplate((software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification) null))
                .awsErrorDetails().errorMessage()).startsWith("Valid requests must contain either LaunchTemplate");
        assertThat(create(b -> b.launchTemplate(lt -> lt.launchTemplateId("lt-0web").launchTemplateName("web")))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(create(b -> b.healthCheckType("XYZ")).awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(create(b -> b.maxSize(null)).awsErrorDetails().errorMessage()).contains("'maxSize'");
        assertThat(create(b -> b.autoScalingGroupName(null)).awsErrorDetails().errorMessage())
                .contains("'autoScalingGroupName'");
        assertThat(w.call(w.asg.describeAutoScalingGroups(r -> { })).autoScalingGroups()).hasSize(1);
    }

    @Test
    void subnetsAndTargetGroupNamesResolve() {
        w.call(w.asg.createAutoScalingGroup(r -> r.autoScalingGroupName("api")
                .launchTemplate(lt -> lt.launchTemplateName("web")).minSize(2).maxSize(2)
                .vpcZoneIdentifier("subnet-0aaa,subnet-0bbb").targetGroupARNs("web-tg")
                .tags(t -> t.key("team").value("blue").propagateAtLaunch(true), t -> t.key("cost").value("x"))));
        w.runSeconds(45);
        AutoScalingGroup g = w.group("api");
        assertThat(g.targetGroupARNs()).containsExactly(w.tg);
        assertThat(g.vpcZoneIdentifier()).isEqualTo("subnet-0aaa,subnet-0bbb");
        assertThat(g.availabilityZones()).containsExactly("us-east-1a", "us-east-1b");
        assertThat(g.instances()).hasSize(2);
        String id = g.instances().get(0).instanceId();
        assertThat(w.ec2.tags(id)).containsEntry("team", "blue").doesNotContainKey("cost")
                .containsEntry("aws:autoscaling:groupName", "api");
    }

    @Test
    void describePaginatesAndFiltersByTag() {
        for (String n : new String[] {"a", "b", "c"}) {
            w.call(w.asg.createAutoScalingGroup(r -> r.autoScalingGroupName(n)
                    .launchTemplate(lt -> lt.launchTemplateId("lt-0web")).minSize(0).maxSize(1)
                    .availabilityZones("us-east-1a").tags(t -> t.key("env").value(n.equals("b") ? "prod" : "dev"))));
        }
        var first = w.call(w.asg.describeAutoScalingGroups(r -> r.maxRecords(2)));
        assertThat(first.autoScalingGroups()).extracting(AutoScalingGroup::autoScalingGroupName).containsExactly("a", "b");
        var second = w.call(w.asg.describeAutoScalingGroups(r -> r.maxRecords(2).nextToken(first.nextToken())));
        assertThat(second.autoScalingGroups()).extracting(AutoScalingGroup::autoScalingGroupName).containsExactly("c");
        assertThat(second.nextToken()).isNull();

        var viaPaginator = w.asg.describeAutoScalingGroupsPaginator(r -> r.maxRecords(1)).autoScalingGroups();
        java.util.List<String> names = new java.util.ArrayList<>();
        w.call(viaPaginator.subscribe(g -> names.add(g.autoScalingGroupName())));
        assertThat(names).containsExactly("a", "b", "c");

        assertThat(w.call(w.asg.describeAutoScalingGroups(r -> r.filters(f -> f.name("tag:env").values("prod"))))
                .autoScalingGroups()).extracting(AutoScalingGroup::autoScalingGroupName).containsExactly("b");
        assertThat(w.error(w.asg.describeAutoScalingGroups(r -> r.nextToken("garbage"))))
                .isInstanceOf(InvalidNextTokenException.class);
        assertThat(w.error(w.asg.describeAutoScalingGroups(r -> r.maxRecords(101))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationError");
        assertThat(w.call(w.asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames("nope"))).autoScalingGroups())
                .isEmpty();
    }

    @Test
    void unknownGroupsAndDeletion() {
        var unknown = w.error(w.asg.setDesiredCapacity(r -> r.autoScalingGroupName("ghost").desiredCapacity(1)));
        assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(unknown.awsErrorDetails().errorMessage()).contains("ghost");

        w.createWeb(1, 3, 2);
        w.runSeconds(45);
        assertThat(w.error(w.asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName("web"))))
                .isInstanceOf(ResourceInUseException.class);
        var ids = w.ids("web", software.amazon.awssdk.services.autoscaling.model.LifecycleState.IN_SERVICE);
        w.call(w.asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName("web").forceDelete(true)));
        w.runSeconds(60);
        assertThat(w.call(w.asg.describeAutoScalingGroups(r -> { })).autoScalingGroups()).isEmpty();
        assertThat(ids).allSatisfy(id -> assertThat(w.ec2.state(id)).isEqualTo("terminated"));
    }

    @Test
    void aLaunchTemplateEc2RejectsLeavesTheGroupEmptyAndItsDesiredCapacityAsIs() {
        w.call(w.asg.createAutoScalingGroup(r -> r.autoScalingGroupName("broken")
                .launchTemplate(lt -> lt.launchTemplateId("lt-0missing")).minSize(1).maxSize(1)
                .availabilityZones("us-east-1a")));
        w.runSeconds(35);
        assertThat(w.group("broken").instances()).isEmpty();
        assertThat(w.group("broken").desiredCapacity()).isEqualTo(1);
        assertThat(w.ec2.launched).isEmpty();
    }
}

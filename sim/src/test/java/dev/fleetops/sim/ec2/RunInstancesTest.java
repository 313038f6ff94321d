package dev.fleetops.sim.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceInterruptionBehavior;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.Placement;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.SpotMarketOptions;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class RunInstancesTest extends Ec2TestSupport {

    @Test
    void launchesOnDemandInstancesPendingWithAddressesInTheDefaultVpc() {
        RunInstancesResponse r = call(ec2.runInstances(runRequest().minCount(2).maxCount(3)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE)
                        .tags(Tag.builder().key("Name").value("web").build()).build())
                .userData(Base64.getEncoder().encodeToString("#!/bin/sh\necho hi".getBytes()))
                .build()));

        assertThat(r.reservationId()).matches("r-[0-9a-f]{17}");
        assertThat(r.ownerId()).isEqualTo("123456789012");
        assertThat(r.instances()).hasSize(3);
        Instance first = r.instances().get(0);
        assertThat(first.instanceId()).matches("i-[0-9a-f]{17}");
        assertThat(first.state().nameAsString()).isEqualTo("pending");
        assertThat(first.state().code()).isZero();
        assertThat(first.imageId()).isEqualTo(AMI);
        assertThat(first.instanceTypeAsString()).isEqualTo("t3.micro");
        assertThat(first.placement().availabilityZone()).isEqualTo("us-east-1a");
        assertThat(first.privateIpAddress()).isEqualTo("10.0.0.4");
        assertThat(first.privateDnsName()).isEqualTo("ip-10-0-0-4.ec2.internal");
        assertThat(r.instances().get(1).privateIpAddress()).isEqualTo("10.0.0.5");
        assertThat(r.instances()).extracting(Instance::amiLaunchIndex).containsExactly(0, 1, 2);
        assertThat(first.instanceLifecycle()).isNull();
        assertThat(first.tags()).containsExactly(Tag.builder().key("Name").value("web").build());
        assertThat(first.securityGroups()).singleElement()
                .satisfies(g -> assertThat(g.groupName()).isEqualTo("default"));
        assertThat(first.subnetId()).isEqualTo(region.ec2().subnets().get("us-east-1a"));
    }

    @Test
    void placementAndSubnetChooseTheZone() {
        Instance inB = call(ec2.runInstances(runRequest()
                .placement(Placement.builder().availabilityZone("us-east-1b").build()).build())).instances().get(0);
        Instance inC = call(ec2.runInstances(runRequest()
                .subnetId(region.ec2().subnets().get("us-east-1c")).build())).instances().get(0);

        assertThat(inB.placement().availabilityZone()).isEqualTo("us-east-1b");
        assertThat(inB.privateIpAddress()).startsWith("10.0.64.");
        assertThat(inC.placement().availabilityZone()).isEqualTo("us-east-1c");
        assertThat(inC.privateIpAddress()).isEqualTo("10.0.128.4");
    }

    @Test
    void launchesSpotThroughMarketOptions() {
        Instance i = call(ec2.runInstances(runRequest().instanceMarketOptions(InstanceMarketOptionsRequest.builder()
                .marketType(MarketType.SPOT).build()).build())).instances().get(0);

        assertThat(i.instanceLifecycle()).isEqualTo(InstanceLifecycleType.SPOT);
        assertThat(i.spotInstanceRequestId()).matches("sir-[0-9a-f]{8}");
    }

    @Test
    void launchesFromATemplateByNameOrIdWithItsMarketTypeAndTags() {
        String id = call(ec2.createLaunchTemplate(CreateLaunchTemplateRequest.builder().launchTemplateName("spot-web")
                .launchTemplateData(RequestLaunchTemplateData.builder().imageId("ami-11111111").instanceType("c5.large")
                        .instanceMarketOptions(LaunchTemplateInstanceMarketOptionsRequest.builder()
                                .marketType(MarketType.SPOT).build())
                        .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE)
                                .tags(Tag.builder().key("team").value("web").build()))
                        .build()).build())).launchTemplate().launchTemplateId();

        Instance byName = call(ec2.runInstances(b -> b.minCount(1).maxCount(1)
                .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateName("spot-web").build())))
                .instances().get(0);
        Instance byId = call(ec2.runInstances(b -> b.minCount(1).maxCount(1).instanceType("m5.large")
                .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId(id).version("$Latest").build())))
                .instances().get(0);

        assertThat(byName.imageId()).isEqualTo("ami-11111111");
        assertThat(byName.instanceTypeAsString()).isEqualTo("c5.large");
        assertThat(byName.instanceLifecycle()).isEqualTo(InstanceLifecycleType.SPOT);
        assertThat(byName.tags()).contains(Tag.builder().key("team").value("web").build());
        assertThat(byId.instanceTypeAsString()).as("the request overrides the template").isEqualTo("m5.large");
    }

    @Test
    void sameClientTokenAndParametersReturnTheSameReservation() {
        var request = runRequest().minCount(2).maxCount(2).clientToken("deploy-42").build();
        RunInstancesResponse first = call(ec2.runInstances(request));
        advance(java.time.Duration.ofMinutes(1));
        RunInstancesResponse again = call(ec2.runInstances(request));

        assertThat(again.reservationId()).isEqualTo(first.reservationId());
        assertThat(ids(again)).isEqualTo(ids(first));
        assertThat(again.instances()).allSatisfy(i -> assertThat(i.state().nameAsString()).isEqualTo("running"));
        assertThat(region.ec2().instanceCount()).isEqualTo(2);
        assertThat(first.instances().get(0).clientToken()).isEqualTo("deploy-42");
    }

    @Test
    void sameClientTokenWithOtherParametersIsAMismatch() {
        call(ec2.runInstances(runRequest().clientToken("t-1").build()));

        var e = failure(ec2.runInstances(runRequest().instanceType("t3.large").clientToken("t-1").build()));

        assertThat(code(e)).isEqualTo("IdempotentParameterMismatch");
        assertThat(region.ec2().instanceCount()).isEqualTo(1);
    }

    @Test
    void rejectsBadRequestsWithAwsErrorCodes() {
        assertThat(code(failure(ec2.runInstances(b -> b.minCount(1).maxCount(1))))).isEqualTo("MissingParameter");
        assertThat(failure(ec2.runInstances(b -> b.minCount(1).maxCount(1))).awsErrorDetails().errorMessage())
                .isEqualTo("The request must contain the parameter ImageId");
        assertThat(code(failure(ec2.runInstances(runRequest().maxCount(null).build())))).isEqualTo("MissingParameter");
        assertThat(code(failure(ec2.runInstances(runRequest().minCount(3).maxCount(2).build()))))
                .isEqualTo("InvalidParameterValue");
        assertThat(code(failure(ec2.runInstances(runRequest().imageId("ubuntu").build()))))
                .isEqualTo("InvalidAMIID.Malformed");
        assertThat(code(failure(ec2.runInstances(runRequest().subnetId("subnet-0000000000000000f").build()))))
                .isEqualTo("InvalidSubnetID.NotFound");
        assertThat(code(failure(ec2.runInstances(runRequest()
                .placement(Placement.builder().availabilityZone("us-east-1z").build()).build()))))
                .isEqualTo("InvalidParameterValue");
        assertThat(code(failure(ec2.runInstances(runRequest().userData("not base64 !!").build()))))
                .isEqualTo("InvalidParameterValue");
        assertThat(code(failure(ec2.runInstances(runRequest().clientToken("x".repeat(65)).build()))))
                .isEqualTo("InvalidParameterValue");
        assertThat(code(failure(ec2.runInstances(runRequest().tagSpecifications(TagSpecification.builder()
                .resourceType(ResourceType.INSTANCE).tags(Tag.builder().key("aws:x").value("1").build()).build())
                .build())))).isEqualTo("InvalidParameterValue");
        assertThat(code(failure(ec2.runInstances(runRequest().instanceMarketOptions(m -> m.marketType(MarketType.SPOT)
                .spotOptions(SpotMarketOptions.builder()
                        .instanceInterruptionBehavior(InstanceInterruptionBehavior.STOP).build())).build()))))
                .isEqualTo("InvalidParameterCombination");
        assertThat(code(failure(ec2.runInstances(b -> b.minCount(1).maxCount(1)
                .launchTemplate(t -> t.launchTemplateName("nope"))))))
                .isEqualTo("InvalidLaunchTemplateName.NotFoundException");
        assertThat(code(failure(ec2.runInstances(b -> b.minCount(1).maxCount(1)
                .launchTemplate(t -> t.launchTemplateId("lt-0123456789abcdef0"))))))
                .isEqualTo("InvalidLaunchTemplateId.NotFound");
        assertThat(region.ec2().instanceCount()).isZero();
    }
}

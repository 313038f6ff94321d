package dev.fleetops.sim.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TagsAndTemplatesTest extends Ec2TestSupport {

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    @Test
    void createDescribeAndDeleteTags() {
        String a = runOne();
        String b = runOne();
        call(ec2.createTags(r -> r.resources(a, b).tags(tag("env", "prod"), tag("Name", "web"))));
        call(ec2.createTags(r -> r.resources(b).tags(tag("Name", "api"))));

        DescribeTagsResponse all = call(ec2.describeTags(r -> r.filters(Filter.builder().name("key").values("Name").build())));
        assertThat(all.tags()).extracting(TagDescription::resourceId, TagDescription::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(a, "web"), org.assertj.core.groups.Tuple.tuple(b, "api"));
        assertThat(all.tags().get(0).resourceType()).isEqualTo(ResourceType.INSTANCE);
        assertThat(call(ec2.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(b).build(),
                Filter.builder().name("resource-type").values("instance").build()))).tags()).hasSize(2);
        assertThat(region.ec2().find(b).orElseThrow().tags()).containsEntry("Name", "api");

        call(ec2.deleteTags(r -> r.resources(a).tags(Tag.builder().key("env").value("staging").build())));
        assertThat(describe(a).tags()).as("value did not match: kept").contains(tag("env", "prod"));
        call(ec2.deleteTags(r -> r.resources(a).tags(Tag.builder().key("env").build())));
        assertThat(describe(a).tags()).containsExactly(tag("Name", "web"));
        call(ec2.deleteTags(r -> r.resources(b)));
        assertThat(describe(b).tags()).isEmpty();
    }

    @Test
    void describeTagsPaginates() {
        String id = runOne();
        call(ec2.createTags(r -> r.resources(id).tags(IntStream.range(0, 12).mapToObj(n -> tag("k" + n, "v")).toList())));

        var first = call(ec2.describeTags(r -> r.maxResults(5)));
        var second = call(ec2.describeTags(r -> r.maxResults(5).nextToken(first.nextToken())));
        var third = call(ec2.describeTags(r -> r.maxResults(5).nextToken(second.nextToken())));

        assertThat(first.tags()).extracting(TagDescription::key).containsExactly("k0", "k1", "k2", "k3", "k4");
        assertThat(second.tags()).extracting(TagDescription::key).containsExactly("k5", "k6", "k7", "k8", "k9");
        assertThat(third.tags()).extracting(TagDescription::key).containsExactly("k10", "k11");
        assertThat(third.nextToken()).isNull();
    }

    @Test
    void rejectsBadTagRequests() {
        String id = runOne();
        assertThat(code(failure(ec2.createTags(r -> r.resources("i-0123456789abcdef0").tags(tag("a", "b"))))))
                .isEqualTo("InvalidInstanceID.NotFound");
        assertThat(code(failure(ec2.createTags(r -> r.resources("vol-1").tags(tag("a", "b")))))).isEqualTo("InvalidID");
        assertThat(code(failure(ec2.createTags(r -> r.resources(id))))).isEqualTo("MissingParameter");
        assertThat(code(failure(ec2.createTags(r -> r.tags(tag("a", "b")))))).isEqualTo("MissingParameter");
        assertThat(code(failure(ec2.createTags(r -> r.resources(id).tags(tag("aws:x", "b"))))))
                .isEqualTo("InvalidParameterValue");
        assertThat(code(failure(ec2.createTags(r -> r.resources(id)
                .tags(IntStream.range(0, 51).mapToObj(n -> tag("k" + n, "v")).toList()))))).isEqualTo("TagLimitExceeded");
        assertThat(code(failure(ec2.describeTags(r -> r.filters(Filter.builder().name("owner").values("x").build())))))
                .isEqualTo("InvalidParameterValue");
    }

    @Test
    void launchTemplatesAreCreatedDescribedAndValidated() {
        LaunchTemplate t = call(ec2.createLaunchTemplate(r -> r.launchTemplateName("web-lt")
                .launchTemplateData(d -> d.imageId(AMI).instanceType("t3.small"))
                .tagSpecifications(s -> s.resourceType(ResourceType.LAUNCH_TEMPLATE).tags(tag("team", "web")))))
                .launchTemplate();
        call(ec2.createLaunchTemplate(r -> r.launchTemplateName("batch-lt").launchTemplateData(d -> d.imageId(AMI))));

        assertThat(t.launchTemplateId()).matches("lt-[0-9a-f]{17}");
        assertThat(t.latestVersionNumber()).isEqualTo(1L);
        assertThat(t.createdBy()).isEqualTo("arn:aws:iam::123456789012:root");
        assertThat(call(ec2.describeLaunchTemplates(r -> r.launchTemplateNames("web-lt"))).launchTemplates())
                .extracting(LaunchTemplate::launchTemplateId).containsExactly(t.launchTemplateId());
        assertThat(call(ec2.describeLaunchTemplates(r -> r.filters(Filter.builder().name("tag:team").values("web")
                .build()))).launchTemplates()).extracting(LaunchTemplate::launchTemplateName).containsExactly("web-lt");
        assertThat(call(ec2.describeLaunchTemplates(r -> { })).launchTemplates()).hasSize(2);

        assertThat(code(failure(ec2.createLaunchTemplate(r -> r.launchTemplateName("web-lt")
                .launchTemplateData(d -> d.imageId(AMI)))))).isEqualTo("InvalidLaunchTemplateName.AlreadyExistsException");
        assertThat(code(failure(ec2.createLaunchTemplate(r -> r.launchTemplateName("x")
                .launchTemplateData(d -> d.imageId(AMI)))))).isEqualTo("InvalidLaunchTemplateName.MalformedException");
        assertThat(code(failure(ec2.createLaunchTemplate(r -> r.launchTemplateName("no-data")))))
                .isEqualTo("MissingParameter");
        assertThat(code(failure(ec2.describeLaunchTemplates(r -> r.launchTemplateIds("lt-1")))))
                .isEqualTo("InvalidLaunchTemplateId.Malformed");
        assertThat(code(failure(ec2.describeLaunchTemplates(r -> r.launchTemplateNames("nope")))))
                .isEqualTo("InvalidLaunchTemplateName.NotFoundException");
        assertThat(code(failure(ec2.runInstances(b -> b.minCount(1).maxCount(1)
                .launchTemplate(s -> s.launchTemplateName("web-lt").version("7"))))))
                .isEqualTo("InvalidLaunchTemplateId.VersionNotFound");
    }

    @Test
    void launchForAutoScalingUsesTheTemplateZoneAndTags() {
        String t = call(ec2.createLaunchTemplate(r -> r.launchTemplateName("asg-lt").launchTemplateData(d -> d
                .imageId(AMI).instanceType("c5.large")
                .instanceMarketOptions(m -> m.marketType(MarketType.SPOT))))).launchTemplate().launchTemplateId();

        String spot = region.ec2().launch(new LaunchRequest("asg-lt", Optional.of("us-east-1b"),
                Map.of("aws:autoscaling:groupName", "web"), Optional.empty()));
        String onDemand = region.ec2().launch(new LaunchRequest(t, Optional.empty(), Map.of(), Optional.of(false)));

        var view = region.ec2().find(spot).orElseThrow();
        assertThat(view.state()).isEqualTo("pending");
        assertThat(view.spot()).isTrue();
        assertThat(view.tags()).containsEntry("aws:autoscaling:groupName", "web");
        assertThat(view.privateIp()).startsWith("10.0.64.");
        assertThat(view.platform()).isEqualTo("Linux/UNIX");
        assertThat(region.ec2().find(onDemand).orElseThrow().spot()).isFalse();
        assertThat(describe(spot).instanceTypeAsString()).isEqualTo("c5.large");
        assertThat(region.context().gate().calls("ec2", "RunInstances")).as("not an API call").isZero();
        advance(Duration.ofMinutes(1));
        assertThat(region.ec2().find(spot).orElseThrow().state()).isEqualTo("running");

        var unknown = org.assertj.core.api.Assertions.catchThrowableOfType(() -> region.ec2().launch(
                new LaunchRequest("missing", Optional.empty(), Map.of(), Optional.empty())),
                software.amazon.awssdk.awscore.exception.AwsServiceException.class);
        assertThat(code(unknown)).isEqualTo("InvalidLaunchTemplateName.NotFoundException");
        assertThat(region.ec2().find("i-0123456789abcdef0")).isEmpty();
        assertThat(region.ec2().availabilityZones()).containsExactly("us-east-1a", "us-east-1b", "us-east-1c");
    }
}

package dev.fleetops.sim.ec2;

import dev.fleetops.sim.config.FaultPlan;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.StatusType;
import software.amazon.awssdk.services.ec2.model.SummaryStatus;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Default timings: boot 30 s, status checks 120 s after running. */
class InstanceStatusTest {

    private static FaultPlan impaired(List<FaultPlan.InstanceRef> refs, double share) {
        return new FaultPlan(false, List.of(), refs, share, List.of(), 0);
    }

    @Test
    void checksGoFromInitializingToOkAfterTheCheckDelay() {
        var s = new Ec2TestSupport();
        String id = s.runOne();

        assertThat(s.call(s.ec2.describeInstanceStatus(b -> b.instanceIds(id))).instanceStatuses())
                .as("pending instances are not listed without IncludeAllInstances").isEmpty();
        s.advance(Duration.ofSeconds(30));
        InstanceStatus starting = s.call(s.ec2.describeInstanceStatus(b -> b.instanceIds(id))).instanceStatuses().get(0);
        assertThat(starting.instanceState().nameAsString()).isEqualTo("running");
        assertThat(starting.instanceStatus().status()).isEqualTo(SummaryStatus.INITIALIZING);
        assertThat(starting.systemStatus().status()).isEqualTo(SummaryStatus.INITIALIZING);
        assertThat(starting.instanceStatus().details().get(0).status()).isEqualTo(StatusType.INITIALIZING);
        assertThat(starting.availabilityZone()).isEqualTo("us-east-1a");

        s.advance(Duration.ofSeconds(119));
        assertThat(s.call(s.ec2.describeInstanceStatus(b -> b.instanceIds(id))).instanceStatuses().get(0)
                .instanceStatus().status()).isEqualTo(SummaryStatus.INITIALIZING);
        s.advance(Duration.ofSeconds(1));
        InstanceStatus ok = s.call(s.ec2.describeInstanceStatus(b -> b.instanceIds(id))).instanceStatuses().get(0);
        assertThat(ok.instanceStatus().status()).isEqualTo(SummaryStatus.OK);
        assertThat(ok.systemStatus().status()).isEqualTo(SummaryStatus.OK);
        assertThat(ok.instanceStatus().details().get(0).nameAsString()).isEqualTo("reachability");
        assertThat(ok.instanceStatus().details().get(0).status()).isEqualTo(StatusType.PASSED);

        s.call(s.ec2.rebootInstances(b -> b.instanceIds(id)));
        assertThat(s.call(s.ec2.describeInstanceStatus(b -> b.instanceIds(id))).instanceStatuses().get(0)
                .instanceStatus().status()).as("a reboot leaves the checks alone").isEqualTo(SummaryStatus.OK);
    }

    @Test
    void includeAllInstancesShowsNonRunningAsNotApplicable() {
        var s = new Ec2TestSupport();
        String id = s.runOne();
        s.advance(Duration.ofMinutes(5));
        s.call(s.ec2.stopInstances(b -> b.instanceIds(id)));

        assertThat(s.call(s.ec2.describeInstanceStatus(b -> b.instanceIds(id))).instanceStatuses()).isEmpty();
        InstanceStatus st = s.call(s.ec2.describeInstanceStatus(b -> b.instanceIds(id).includeAllInstances(true)))
                .instanceStatuses().get(0);
        assertThat(st.instanceState().nameAsString()).isEqualTo("stopping");
        assertThat(st.instanceStatus().status()).isEqualTo(SummaryStatus.NOT_APPLICABLE);
        assertThat(st.systemStatus().status()).isEqualTo(SummaryStatus.NOT_APPLICABLE);
    }

    @Test
    void namedInstancesAndAShareNeverPassTheirInstanceCheck() {
        var s = new Ec2TestSupport(impaired(List.of(new FaultPlan.InstanceRef(Optional.empty(), 0, Optional.of("bad")),
                new FaultPlan.InstanceRef(Optional.of("web-asg"), 1, Optional.empty())), 0));
        String bad = s.call(s.ec2.runInstances(Ec2TestSupport.runRequest().tagSpecifications(t -> t
                .resourceType(ResourceType.INSTANCE).tags(Tag.builder().key("Name").value("bad").build())).build()))
                .instances().get(0).instanceId();
        String good = s.runOne();
        String t = s.call(s.ec2.createLaunchTemplate(b -> b.launchTemplateName("web")
                .launchTemplateData(d -> d.imageId(Ec2TestSupport.AMI)))).launchTemplate().launchTemplateId();
        List<String> asg = IntStream.range(0, 3).mapToObj(n -> s.region.ec2().launch(new LaunchRequest(t,
                Optional.empty(), java.util.Map.of("aws:autoscaling:groupName", "web-asg"), Optional.empty()))).toList();
        s.advance(Duration.ofMinutes(3));

        DescribeInstanceStatusResponse r = s.call(s.ec2.describeInstanceStatus(b -> b
                .filters(Filter.builder().name("instance-status.status").values("impaired").build())));
        assertThat(r.instanceStatuses()).extracting(InstanceStatus::instanceId).containsExactly(bad, asg.get(1));
        InstanceStatus st = r.instanceStatuses().get(0);
        assertThat(st.instanceStatus().details().get(0).status()).isEqualTo(StatusType.FAILED);
        assertThat(st.instanceStatus().details().get(0).impairedSince())
                .isEqualTo(java.time.Instant.parse("2026-01-05T09:02:30Z"));
        assertThat(st.systemStatus().status()).isEqualTo(SummaryStatus.OK);
        assertThat(s.call(s.ec2.describeInstanceStatus(b -> b.instanceIds(good))).instanceStatuses().get(0)
                .instanceStatus().status()).isEqualTo(SummaryStatus.OK);

        var shared = new Ec2TestSupport(impaired(List.of(), 0.5));
        shared.run(200);
        shared.advance(Duration.ofMinutes(3));
        int impairedCount = shared.call(shared.ec2.describeInstanceStatus(b -> b.filters(Filter.builder()
                .name("instance-status.status").values("impaired").build()))).instanceStatuses().size();
        assertThat(impairedCount).isBetween(70, 130);
    }

    @Test
    void limitsAndPagination() {
        var s = new Ec2TestSupport();
        List<String> ids = Ec2TestSupport.ids(s.run(12));
        s.advance(Duration.ofMinutes(1));
        List<String> many = IntStream.range(0, 101).mapToObj(n -> String.format("i-%017x", n)).toList();

        assertThat(Ec2TestSupport.code(s.failure(s.ec2.describeInstanceStatus(b -> b.instanceIds(many)))))
                .isEqualTo("InvalidParameterValue");
        assertThat(Ec2TestSupport.code(s.failure(s.ec2.describeInstanceStatus(b -> b.instanceIds(ids.get(0))
                .maxResults(5))))).isEqualTo("InvalidParameterCombination");
        assertThat(Ec2TestSupport.code(s.failure(s.ec2.describeInstanceStatus(b -> b.instanceIds("i-0000000000000000f")))))
                .isEqualTo("InvalidInstanceID.NotFound");
        assertThat(Ec2TestSupport.code(s.failure(s.ec2.describeInstanceStatus(b -> b.filters(Filter.builder()
                .name("tag:Name").values("x").build()))))).isEqualTo("InvalidParameterValue");

        var first = s.call(s.ec2.describeInstanceStatus(b -> b.maxResults(10)));
        var second = s.call(s.ec2.describeInstanceStatus(b -> b.maxResults(10).nextToken(first.nextToken())));
        assertThat(first.instanceStatuses()).hasSize(10);
        assertThat(second.instanceStatuses()).extracting(InstanceStatus::instanceId).isEqualTo(ids.subList(10, 12));
        assertThat(second.nextToken()).isNull();
    }

    @Test
    void jitterSpreadsTheCheckDelayPerInstance() {
        var timings = dev.fleetops.sim.config.Timings.defaults();
        var jittered = new dev.fleetops.sim.config.Timings(timings.boot(), timings.appStart(), timings.statusChecks(),
                timings.stop(), timings.reboot(), timings.terminate(), timings.spotWarning(), 0.5);
        var s = new Ec2TestSupport(dev.fleetops.sim.SimRegion.Settings.defaults().withTimings(jittered));
        s.run(20);
        s.advance(Duration.ofSeconds(45 + 90)); // earliest boot + earliest check delay
        int ok = s.call(s.ec2.describeInstanceStatus(b -> b.filters(Filter.builder().name("instance-status.status")
                .values("ok").build()))).instanceStatuses().size();
        assertThat(ok).isLessThan(20);
        s.advance(Duration.ofSeconds(90 + 45));
        ok = s.call(s.ec2.describeInstanceStatus(b -> b.filters(Filter.builder().name("instance-status.status")
                .values("ok").build()))).instanceStatuses().size();
        assertThat(ok).isEqualTo(20);
    }
}

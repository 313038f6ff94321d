package dev.fleetops.waiters.firstready;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.testing.MotoServerExtension;
import dev.fleetops.waiters.Backoff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.model.Instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * First-ready against moto over HTTP with the real SDK clients (moto.md: instances run at once with both checks
 * ok; SendCommand answers Success at once and runs nothing). Real time, so the backoff is short.
 */
@ExtendWith(MotoServerExtension.class)
class FirstReadyMotoTest {

    private final List<String> progress = new ArrayList<>();

    static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    static List<String> group(Cloud cloud, int size) throws Exception {
        get(cloud.ec2().createLaunchTemplate(r -> r.launchTemplateName("first-ready")
                .launchTemplateData(d -> d.imageId("ami-12c6146b").instanceType("t3.micro"))));
        get(cloud.autoScaling().createAutoScalingGroup(r -> r.autoScalingGroupName("first-ready")
                .launchTemplate(t -> t.launchTemplateName("first-ready").version("$Default"))
                .minSize(0).maxSize(size).desiredCapacity(size).availabilityZones("us-east-1a")));
        return get(cloud.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames("first-ready")))
                .autoScalingGroups().get(0).instances().stream().map(Instance::instanceId).toList();
    }

    static FirstReady.Request request() {
        return FirstReady.Request.of("first-ready", Duration.ofSeconds(30)).withBackoff(Backoff.fixed(Duration.ofMillis(200)));
    }

    @Test
    void findsAReadyInstanceTerminatesTheOthersAndSendsTheSetup(Cloud cloud) throws Exception {
        List<String> ids = group(cloud, 3);

        FirstReadyResult r = get(FirstReady.start(cloud, new Random(1), request()
                .withOnLosers(FirstReady.OnLosers.TERMINATE).withSetup(new Setup.Script("echo hello")), progress::add)
                .result());

        assertThat(r.status()).isEqualTo(FirstReadyResult.Status.READY);
        assertThat(r.winner()).isIn(ids);
        assertThat(r.instances().get(r.winner()).summary()).isEqualTo("running (instance ok, system ok)");
        assertThat(r.terminated()).hasSize(2).doesNotContain(r.winner());
        assertThat(r.command().status()).isEqualTo("Success");
        assertThat(r.apiCalls()).containsEntry("ec2:DescribeInstanceStatus", 1L).containsEntry("ec2:TerminateInstances", 1L)
                .containsEntry("ssm:SendCommand", 1L);
        var states = get(cloud.ec2().describeInstances(d -> d.instanceIds(r.terminated()))).reservations().stream()
                .flatMap(res -> res.instances().stream()).map(i -> i.state().nameAsString()).toList();
        assertThat(states).hasSize(2).allMatch(s -> s.equals("terminated") || s.equals("shutting-down"));
    }

    @Test
    void failsFastWhenEveryInstanceIsStopped(Cloud cloud) throws Exception {
        List<String> ids = group(cloud, 2);
        get(cloud.ec2().stopInstances(r -> r.instanceIds(ids)));

        FirstReadyResult r = get(FirstReady.start(cloud, new Random(1), request(), progress::add).result());

        assertThat(r.status()).isEqualTo(FirstReadyResult.Status.NONE_READY);
        assertThat(r.message()).isEqualTo("no instance became ready: no instance can pass any more: 2 stopped");
        assertThat(r.rounds()).isEqualTo(1);
    }

    @Test
    void anUnknownGroupFailsWithNoSuchGroup(Cloud cloud) {
        var f = FirstReady.start(cloud, new Random(1), request(), progress::add).result();

        assertThat(f).failsWithin(Duration.ofSeconds(60)).withThrowableThat().havingCause()
                .isInstanceOf(FirstReady.NoSuchGroup.class).withMessage("no Auto Scaling group named 'first-ready'");
    }
}

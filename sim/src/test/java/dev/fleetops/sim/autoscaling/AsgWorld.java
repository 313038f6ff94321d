package dev.fleetops.sim.autoscaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.SimRegion;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.CreateAutoScalingGroupRequest;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A simulated region whose Auto Scaling runs over a fake EC2 ({@link FakeEc2}) and fake target groups
 * ({@link FakeTargets}); everything else (clock, ids, API gate, event bus) is the region's own.
 */
final class AsgWorld {

    final SimRegion region = SimRegion.empty();
    final SimContext ctx = region.context();
    final FakeEc2 ec2 = new FakeEc2(ctx);
    final FakeTargets targets = new FakeTargets(ctx);
    final AutoScalingSim sim = new AutoScalingSim(ctx, ec2, targets);
    final AutoScalingAsyncClient asg = sim.client();
    final List<ObjectNode> events = new ArrayList<>();
    final String tg = targets.create("web-tg");

    AsgWorld() {
        ctx.bus().subscribe(events::add);
    }

    <T> T call(CompletableFuture<T> f) {
        return region.scheduler().await(f, Duration.ofMinutes(1));
    }

    /** The error a call fails with. */
    AwsServiceException error(CompletableFuture<?> f) {
        try {
            region.scheduler().await(f, Duration.ofMinutes(1));
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(AwsServiceException.class);
            return (AwsServiceException) e.getCause();
        }
        return fail("expected the call to fail");
    }

    void run(Duration d) {
        region.scheduler().runFor(d);
    }

    void runSeconds(long s) {
        run(Duration.ofSeconds(s));
    }

    /** Group "web": launch template lt-0web, zones a/b/c, target group web-tg, plus {@code more}. */
    void createWeb(int min, int max, int desired, Consumer<CreateAutoScalingGroupRequest.Builder> more) {
        CreateAutoScalingGroupRequest.Builder b = CreateAutoScalingGroupRequest.builder()
                .autoScalingGroupName("web")
                .launchTemplate(lt -> lt.launchTemplateId("lt-0web").version("$Latest"))
                .minSize(min).maxSize(max).desiredCapacity(desired)
                .availabilityZones("us-east-1a", "us-east-1b", "us-east-1c")
                .targetGroupARNs(tg);
        more.accept(b);
        call(asg.createAutoScalingGroup(b.build()));
    }

    void createWeb(int min, int max, int desired) {
        createWeb(min, max, desired, b -> { });
    }

    AutoScalingGroup group(String name) {
        return call(asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))).autoScalingGroups().get(0);
    }

    Instance instance(String group, String id) {
        return group(group).instances().stream().filter(i -> i.instanceId().equals(id)).findFirst().orElse(null);
    }

    List<String> ids(String group, LifecycleState state) {
        return group(group).instances().stream().filter(i -> i.lifecycleState() == state).map(Instance::instanceId)
                .toList();
    }

    LifecycleState state(String group, String id) {
        Instance i = instance(group, id);
        return i == null ? null : i.lifecycleState();
    }

    List<ObjectNode> events(String detailType) {
        return events.stream().filter(e -> e.path("detail-type").asText().equals(detailType)).toList();
    }
}

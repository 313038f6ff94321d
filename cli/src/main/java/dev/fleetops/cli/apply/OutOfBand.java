package dev.fleetops.cli.apply;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.source.ScalarNode;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.StopInstancesRequest;

import java.time.Duration;

/** {@code --sim-stop NAME@DURATION}: someone stops an instance behind the fleet's back, on virtual time. */
final class OutOfBand {

    private OutOfBand() { }

    static void stopAt(SimRegion region, String spec) {
        int at = spec.lastIndexOf('@');
        Duration when = at > 0 ? ScalarNode.parseDuration(spec.substring(at + 1)) : null;
        if (when == null) throw new UsageError("--sim-stop expects NAME@DURATION, e.g. web-1@10m; got '" + spec + "'");
        String name = spec.substring(0, at);
        var ec2 = region.cloud().ec2();
        region.scheduler().schedule(when, () -> ec2.describeInstances(DescribeInstancesRequest.builder().filters(
                Filter.builder().name("tag:Name").values(name).build(),
                Filter.builder().name("instance-state-name").values("running").build()).build())
                .thenAccept(r -> r.reservations().stream().flatMap(x -> x.instances().stream()).findFirst()
                        .ifPresent(i -> ec2.stopInstances(StopInstancesRequest.builder().instanceIds(i.instanceId()).build()))));
    }
}

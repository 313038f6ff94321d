package dev.fleetops.testing;

import dev.fleetops.cloud.Cloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.InstanceType;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(MotoServerExtension.class)
class MotoServerTest {

    @Test
    void servesRealSdkClientsOnLoopback(MotoServer moto, Cloud cloud) throws Exception {
        assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(cloud.region()).isEqualTo("us-east-1");

        var launched = join(cloud.ec2().runInstances(r -> r.imageId("ami-1e749f67")
                .instanceType(InstanceType.T3_MICRO).minCount(1).maxCount(1)));

        assertThat(launched.instances()).singleElement()
                .satisfies(i -> assertThat(i.instanceId()).matches("i-[0-9a-f]{17}"));
    }

    @Test
    void resetForgetsEverything(MotoServer moto, Cloud cloud) throws Exception {
        String id = join(cloud.ec2().runInstances(r -> r.imageId("ami-1e749f67").minCount(1).maxCount(1)))
                .instances().get(0).instanceId();

        moto.reset();

        assertThat(join(cloud.ec2().describeInstances()).reservations()).isEmpty();
        assertThatThrownBy(() -> join(cloud.ec2().describeInstances(r -> r.instanceIds(id))))
                .isInstanceOfSatisfying(Ec2Exception.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound"));
    }

    private static <T> T join(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}

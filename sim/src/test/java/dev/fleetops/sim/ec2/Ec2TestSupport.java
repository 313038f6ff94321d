package dev.fleetops.sim.ec2;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.FaultPlan;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A simulated region and the few steps every EC2 test repeats. */
class Ec2TestSupport {

    static final String AMI = "ami-0abcdef1234567890";

    final SimRegion region;
    final Ec2AsyncClient ec2;

    Ec2TestSupport() {
        this(SimRegion.Settings.defaults());
    }

    Ec2TestSupport(FaultPlan faults) {
        this(SimRegion.Settings.defaults().withFaults(faults));
    }

    Ec2TestSupport(SimRegion.Settings settings) {
        this.region = new SimRegion(settings);
        // These tests are about the service's own answers, as seen without the SDK's retries
        region.context().gate().retryWith(dev.fleetops.retry.RetryPolicy.none());
        this.ec2 = region.cloud().ec2();
    }

    <T> T call(CompletableFuture<T> f) {
        return region.scheduler().await(f, Duration.ofMinutes(5));
    }

    /** The AWS error a call fails with. */
    AwsServiceException failure(CompletableFuture<?> f) {
        Throwable t = catchThrowable(() -> call(f));
        assertThat(t).as("the call should fail").isInstanceOf(CompletionException.class);
        assertThat(t.getCause()).isInstanceOf(AwsServiceException.class);
        return (AwsServiceException) t.getCause();
    }

    static String code(AwsServiceException e) {
        return e.awsErrorDetails().errorCode();
    }

    static RunInstancesRequest.Builder runRequest() {
        return RunInstancesRequest.builder().imageId(AMI).instanceType("t3.micro").minCount(1).maxCount(1);
    }

    RunInstancesResponse run(int count) {
        return call(ec2.runInstances(runRequest().minCount(count).maxCount(count).build()));
    }

    String runOne() {
        return run(1).instances().get(0).instanceId();
    }

    Instance describe(String id) {
        var r = call(ec2.describeInstances(DescribeInstancesRequest.builder().instanceIds(id).build()));
        return r.reservations().get(0).instances().get(0);
    }

    String state(String id) {
        return describe(id).state().nameAsString();
    }

    void advance(Duration d) {
        region.scheduler().runFor(d);
    }

    static List<String> ids(RunInstancesResponse r) {
        return r.instances().stream().map(Instance::instanceId).toList();
    }
}

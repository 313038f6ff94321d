package dev.fleetops.sim.autoscaling;

import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;

final class SimAutoScalingClient implements AutoScalingAsyncClient {

    private final AutoScalingSim asg;

    SimAutoScalingClient(AutoScalingSim asg) {
        this.asg = asg;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}

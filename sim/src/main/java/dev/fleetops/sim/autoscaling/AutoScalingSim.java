package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.SimContext;
import dev.fleetops.sim.TargetRegistry;
import dev.fleetops.sim.ec2.Ec2Sim;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;

/** Simulated EC2 Auto Scaling: groups, lifecycle states and hooks, replacement. (Skeleton.) */
public final class AutoScalingSim {

    private final SimContext ctx;
    private final Ec2Sim ec2;
    private final TargetRegistry targets;
    private final AutoScalingAsyncClient client;

    public AutoScalingSim(SimContext ctx, Ec2Sim ec2, TargetRegistry targets) {
        this.ctx = ctx;
        this.ec2 = ec2;
        this.targets = targets;
        this.client = new SimAutoScalingClient(this);
    }

    public AutoScalingAsyncClient client() {
        return client;
    }
}

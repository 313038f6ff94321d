package dev.fleetops.sim.ec2;

import dev.fleetops.sim.Instances;
import dev.fleetops.sim.SimContext;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Simulated EC2: instances and their state machine. (Skeleton: filled in by the EC2 work.) */
public final class Ec2Sim implements Instances {

    private final SimContext ctx;
    private final List<Listener> listeners = new ArrayList<>();
    private final Ec2AsyncClient client;

    public Ec2Sim(SimContext ctx) {
        this.ctx = ctx;
        this.client = new SimEc2Client(this);
    }

    public Ec2AsyncClient client() {
        return client;
    }

    SimContext ctx() {
        return ctx;
    }

    /**
     * Launches one instance for another service (no API call is counted: Auto Scaling does this inside AWS).
     * @return the new instance id, in state pending
     * @throws software.amazon.awssdk.awscore.exception.AwsServiceException (EC2 error) for an unknown template
     */
    public String launch(LaunchRequest request) {
        throw new UnsupportedOperationException("EC2 work pending");
    }

    /** Terminates an instance for another service (idempotent; unknown ids are ignored). */
    public void terminate(String instanceId, String reason) {
        throw new UnsupportedOperationException("EC2 work pending");
    }

    @Override
    public Optional<View> find(String instanceId) {
        return Optional.empty();
    }

    @Override
    public boolean appResponding(String instanceId) {
        return false;
    }

    @Override
    public void rebootByAgent(String instanceId) { }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
    }
}

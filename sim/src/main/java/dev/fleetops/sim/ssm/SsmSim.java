package dev.fleetops.sim.ssm;

import dev.fleetops.sim.Instances;
import dev.fleetops.sim.SimContext;
import dev.fleetops.sim.config.AgentModel;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

/** Simulated SSM: Run Command through a modelled agent, documents. (Skeleton.) */
public final class SsmSim {

    private final SimContext ctx;
    private final Instances instances;
    private final AgentModel agent;
    private final SsmAsyncClient client;

    public SsmSim(SimContext ctx, Instances instances, AgentModel agent) {
        this.ctx = ctx;
        this.instances = instances;
        this.agent = agent;
        this.client = new SimSsmClient(this);
    }

    public SsmAsyncClient client() {
        return client;
    }
}

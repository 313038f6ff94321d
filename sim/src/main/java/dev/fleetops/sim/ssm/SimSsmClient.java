package dev.fleetops.sim.ssm;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;

final class SimSsmClient implements SsmAsyncClient {

    private final SsmSim ssm;

    SimSsmClient(SsmSim ssm) {
        this.ssm = ssm;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}

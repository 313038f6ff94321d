package dev.fleetops.sim.ec2;

import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

/** {@link Ec2AsyncClient} over the simulated EC2. Operations not modelled throw UnsupportedOperationException. */
final class SimEc2Client implements Ec2AsyncClient {

    private final Ec2Sim ec2;

    SimEc2Client(Ec2Sim ec2) {
        this.ec2 = ec2;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}

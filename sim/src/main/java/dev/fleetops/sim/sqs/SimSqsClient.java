package dev.fleetops.sim.sqs;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

final class SimSqsClient implements SqsAsyncClient {

    private final SqsSim sqs;

    SimSqsClient(SqsSim sqs) {
        this.sqs = sqs;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}

package dev.fleetops.sim.sqs;

import dev.fleetops.sim.SimContext;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Simulated SQS: queues, long polling in virtual time, visibility, redrive to DLQ. (Skeleton.) */
public final class SqsSim {

    private final SimContext ctx;
    private final SqsAsyncClient client;

    public SqsSim(SimContext ctx) {
        this.ctx = ctx;
        this.client = new SimSqsClient(this);
    }

    public SqsAsyncClient client() {
        return client;
    }
}

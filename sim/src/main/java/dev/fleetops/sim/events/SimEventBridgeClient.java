package dev.fleetops.sim.events;

import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;

final class SimEventBridgeClient implements EventBridgeAsyncClient {

    private final EventBridgeSim events;

    SimEventBridgeClient(EventBridgeSim events) {
        this.events = events;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}

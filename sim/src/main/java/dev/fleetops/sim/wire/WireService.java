package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.ServiceApi;

/**
 * One simulated service on the wire: the name its SigV4 credential scope carries ({@code elasticloadbalancing}),
 * its protocol, its operations (the SDK client interface's, found by reflection once) and the simulated client
 * that answers them.
 */
record WireService(String signingName, WireProtocol protocol, ServiceApi api, Object client) { }

package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.ServiceApi;

/**
 * One simulated service on the wire: the name its SigV4 credential scope carries ({@code elasticloadbalancing}),
 * its protocol, its operations (the SDK client interface's, found by reflection once) and the simulated client
 * that answers them.
 */
record WireService(String signingName, WireProtocol protocol, ServiceApi api, Object client, WireProtocol query) {

    WireService(String signingName, WireProtocol protocol, ServiceApi api, Object client) {
        this(signingName, protocol, api, client, null);
    }

    /**
     * The protocol {@code r} speaks: a JSON service that also has a query protocol (SQS) takes a request without
     * {@code X-Amz-Target} and without a JSON content type as a query request ({@code Action=SendMessage&...}).
     */
    WireProtocol protocolOf(WireRequest r) {
        if (query == null || r.header("x-amz-target") != null) return protocol;
        String type = r.header("content-type");
        return type != null && type.startsWith("application/x-amz-json") ? protocol : query;
    }
}

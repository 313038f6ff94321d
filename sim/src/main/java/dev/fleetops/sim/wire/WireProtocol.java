package dev.fleetops.sim.wire;

import software.amazon.awssdk.core.SdkPojo;

/** How one AWS protocol names the operation, carries the request and shapes answers and errors. */
sealed interface WireProtocol permits QueryProtocol, JsonProtocol, RestXmlProtocol {

    /** The operation the request names, or null when it names none. */
    String operation(WireRequest r);

    /** The request built from {@code r} into {@code requestBuilder}; throws {@link BadRequest} when it does not parse. */
    Object decode(WireRequest r, SdkPojo requestBuilder);

    Answer answer(String operation, SdkPojo response, String requestId);

    Answer error(Failure f, String requestId);

    /** The error code of an operation the service has not got, or the simulator does not model. */
    String unknownOperationCode();

    /** The error code of a request that names no operation. */
    String missingOperationCode();

    /** A request without a member the service's model marks required ({@code member}: its path on the wire). */
    BadRequest missingMember(String member);
}

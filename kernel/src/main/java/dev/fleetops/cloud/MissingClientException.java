package dev.fleetops.cloud;

/** A capability asked a {@link Cloud} for a service it has no client for. */
public final class MissingClientException extends RuntimeException {

    private final Class<?> clientType;

    MissingClientException(Class<?> clientType, Cloud cloud) {
        super(serviceName(clientType) + " is not available on " + cloud.describe(), null, false, false);
        this.clientType = clientType;
    }

    public Class<?> clientType() {
        return clientType;
    }

    /** {@code CloudFormationAsyncClient} -> {@code CloudFormation}. */
    static String serviceName(Class<?> clientType) {
        String n = clientType.getSimpleName();
        return n.endsWith("AsyncClient") ? n.substring(0, n.length() - "AsyncClient".length()) : n;
    }
}

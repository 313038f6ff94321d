package dev.fleetops.retry;

import java.util.Objects;

/**
 * A mutating call that is not safe to repeat failed in a way that does not say whether it took effect (HTTP 5xx,
 * a connection reset after the request was sent, a timeout). It was not retried blindly: the caller should
 * describe the resource before redoing the call. The cause is the call's own error.
 */
public final class UnknownOutcomeException extends RuntimeException {

    private final String operation;
    private final transient AwsError error;

    public UnknownOutcomeException(String operation, AwsError error) {
        super(operation + ": outcome unknown after " + error.describe()
                + " (the request may have taken effect; describe before redoing it)", error.exception());
        this.operation = Objects.requireNonNull(operation);
        this.error = error;
    }

    /** The call, as "Ec2 RunInstances". */
    public String operation() {
        return operation;
    }

    /** The classification of the error the call ended with. */
    public AwsError error() {
        return error;
    }
}

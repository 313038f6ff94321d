package dev.fleetops.sim.parity;

import dev.fleetops.cloud.Cloud;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * One side of a parity test: a Cloud of SDK clients, a way to wait for a call, and a way to let pending
 * transitions finish. The simulated region does both in virtual time (in-process, or served over HTTP and driven
 * through its admin API); moto is synchronous and answers on the wire.
 */
public sealed interface Backend extends AutoCloseable permits SimBackend, WireBackend, MotoBackend {

    /** The simulator in-process, the simulator over HTTP ({@code sim serve}), moto. */
    enum Kind { SIM, WIRE, MOTO }

    Kind kind();

    Cloud cloud();

    /** The call's response; a failed call throws its own exception (the SDK's AwsServiceException subtype). */
    <T> T await(CompletableFuture<T> call);

    /** Lets every transition in progress finish (boot, stop, terminate, status and health checks, replacements). */
    void settle();

    /** The simulated region, in-process or over the wire: AWS's behaviour where moto differs. */
    default boolean isSim() {
        return kind() != Kind.MOTO;
    }

    /** The service error the call fails with; the test fails if the call succeeds or fails otherwise. */
    default AwsServiceException failure(CompletableFuture<?> call) {
        Throwable thrown = catchThrowable(() -> await(call));
        assertThat(thrown).as("the call should fail with a service error").isInstanceOf(AwsServiceException.class);
        return (AwsServiceException) thrown;
    }

    /** The AWS error code the call fails with. */
    default String errorCode(CompletableFuture<?> call) {
        return failure(call).awsErrorDetails().errorCode();
    }

    @Override
    void close();

    static RuntimeException unwrap(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
}

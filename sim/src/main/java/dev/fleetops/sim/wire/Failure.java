package dev.fleetops.sim.wire;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a failed call answers on the wire: the error code and message the simulator's SDK exception carries and
 * the HTTP status it names (AWS's status for that code), or, for what is not an AWS error, a client error
 * ({@link BadRequest}, an operation the simulator does not model) or an internal one.
 *
 * @param sender whether the caller is at fault (the query protocols' {@code Type}: Sender or Receiver)
 * @param shape  the model's name of the error when the SDK has an exception class for it ({@code QueueDoesNotExist}
 *               for {@code QueueDoesNotExistException}), else null: what JSON services that keep their query-protocol
 *               codes (SQS) put in {@code __type}
 */
record Failure(String code, String message, int status, boolean sender, String shape) {

    Failure(String code, String message, int status, boolean sender) {
        this(code, message, status, sender, null);
    }

    static Failure of(Throwable t, String unsupportedCode) {
        Throwable e = unwrap(t);
        if (e instanceof AwsServiceException a) {
            int status = a.statusCode() > 0 ? a.statusCode() : 400;
            String code = a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null
                    ? a.awsErrorDetails().errorCode() : "InternalFailure";
            String message = a.awsErrorDetails() != null && a.awsErrorDetails().errorMessage() != null
                    ? a.awsErrorDetails().errorMessage() : a.getMessage();
            return new Failure(code, message, status, status < 500, shape(a));
        }
        if (e instanceof BadRequest b) return new Failure(b.code(), b.getMessage(), b.status(), b.status() < 500);
        if (e instanceof UnsupportedOperationException u) {
            return new Failure(unsupportedCode, u.getMessage() != null ? u.getMessage()
                    : "The operation is not modelled by the simulated region", 400, true);
        }
        return new Failure("InternalFailure", "The simulated region failed on this request: " + e, 500, false);
    }

    /** A modelled error's class extends the service's base exception, which extends AwsServiceException itself. */
    private static String shape(AwsServiceException e) {
        if (e.getClass().getSuperclass() == AwsServiceException.class) return null;
        String name = e.getClass().getSimpleName();
        return name.endsWith("Exception") ? name.substring(0, name.length() - "Exception".length()) : name;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException
                || e instanceof InvocationTargetException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}

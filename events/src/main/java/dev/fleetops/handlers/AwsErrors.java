package dev.fleetops.handlers;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Error codes and messages of failed calls, as handlers judge them ("already gone", "retry", "give up"). */
public final class AwsErrors {

    private AwsErrors() { }

    /** The failure under the future wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** The AWS error code (e.g. ResourceContention), or the exception's simple class name. */
    public static String code(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null) {
            return a.awsErrorDetails().errorCode();
        }
        return c.getClass().getSimpleName();
    }

    public static String message(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return dev.fleetops.retry.AwsError.of(a).brief(); // never "null: null" for a 500 without a code
        }
        return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
    }

    public static boolean is(Throwable t, String... codes) {
        String c = code(t);
        for (String code : codes) if (code.equals(c)) return true;
        return false;
    }

    public static boolean cancelled(Throwable t) {
        return unwrap(t) instanceof CancellationException;
    }

    /** EC2's ways of saying an instance no longer exists: for a cleanup, gone is success. */
    public static boolean instanceGone(Throwable t) {
        return is(t, "InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed");
    }
}

package dev.fleetops.runbook.action.aws;

import dev.fleetops.cloud.api.ApiModelException;
import dev.fleetops.retry.AwsError;
import dev.fleetops.runbook.action.ActionFailure;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the actions read API errors: throttling (slow down and retry), transient (5xx, network: retry while
 * waiting: a project decision, AWS does not document it; see docs/runbook-actions.md) and the rest, turned into an {@link ActionFailure} of SSM's failure types.
 */
final class ApiErrors {

    private static final Set<String> PERMISSION = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId",
            "ExpiredToken", "ExpiredTokenException", "UnauthorizedException");

    private ApiErrors() { }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String code(Throwable t) {
        if (t instanceof AwsServiceException a && a.awsErrorDetails() != null && a.awsErrorDetails().errorCode() != null) {
            return a.awsErrorDetails().errorCode();
        }
        return "";
    }

    /** Throttling and transient errors are the retry package's one classification (docs/retries.md). */
    static boolean throttling(Throwable t) {
        return AwsError.of(t).throttling();
    }

    /** 5xx answers and network failures: the service may well answer next time. */
    static boolean transientError(Throwable t) {
        return AwsError.of(t).kind() == AwsError.Kind.TRANSIENT;
    }

    static String describe(Throwable t) {
        t = unwrap(t);
        if (t instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            return dev.fleetops.retry.AwsError.of(a).brief(); // never "null: null" for a 500 without a code
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The step failure for an error of {@code service Operation}. */
    static ActionFailure failure(String service, String operation, Throwable error) {
        return failure(service + " " + operation + ": ", error);
    }

    /** The step failure for {@code error}, its message prefixed by {@code where}. */
    static ActionFailure failure(String where, Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof ActionFailure f) return f;
        if (t instanceof ApiModelException) return new ActionFailure(ActionFailure.Type.Action, where + t.getMessage());
        if (throttling(t)) return new ActionFailure(ActionFailure.Type.Throttling, where + describe(t));
        if (PERMISSION.contains(code(t))) return new ActionFailure(ActionFailure.Type.Permission, where + describe(t));
        if (AwsError.of(t).unreachable()) return new ActionFailure(ActionFailure.Type.Network, where + describe(t));
        if (t instanceof AwsServiceException || t instanceof SdkClientException) {
            return new ActionFailure(ActionFailure.Type.Action, where + describe(t));
        }
        return new ActionFailure(ActionFailure.Type.Internal, where + describe(t));
    }
}

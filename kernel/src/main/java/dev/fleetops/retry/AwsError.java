package dev.fleetops.retry;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one classification of an error from an SDK v2 async call: what it was ({@link Kind}), the AWS error code
 * and HTTP status when the service answered, and its message. Built by {@link #of(Throwable)}, which unwraps
 * {@link CompletionException} and {@link ExecutionException} and asks the SDK's own rules (its throttling codes,
 * its standard retry mode's retryable codes, status codes and exceptions), so no list of codes is kept here.
 *
 * @param kind      throttling, transient, permanent, or unknown outcome
 * @param code      the AWS error code; empty when the service gave none or the call never reached it
 * @param status    the HTTP status code; 0 when there was no HTTP answer
 * @param message   the service's message (or the exception's), possibly empty
 * @param exception the unwrapped error itself
 */
public record AwsError(Kind kind, String code, int status, String message, Throwable exception) {

    public enum Kind {
        /** AWS rejected the request before acting on it (RequestLimitExceeded, Throttling, HTTP 429...): retry slower. */
        THROTTLING,
        /** Worth another attempt: HTTP 5xx, a reset connection, an attempt timeout, the SDK's retryable codes. */
        TRANSIENT,
        /** The same request will fail the same way: validation, not found, access denied, a bug. */
        PERMANENT,
        /** A mutating call failed in a way that does not say whether it took effect ({@link UnknownOutcomeException}). */
        UNKNOWN_OUTCOME
    }

    public AwsError {
        Objects.requireNonNull(kind);
        code = code == null ? "" : code;
        message = message == null ? "" : message;
        Objects.requireNonNull(exception);
    }

    /** The classification of {@code error} (unwrapped from completion and execution exceptions). */
    public static AwsError of(Throwable error) {
        Throwable t = unwrap(error);
        if (t instanceof UnknownOutcomeException u) {
            AwsError under = u.error();
            return new AwsError(Kind.UNKNOWN_OUTCOME, under.code(), under.status(), u.getMessage(), u);
        }
        Kind kind = kind(t);
        if (t instanceof AwsServiceException a) {
            var details = a.awsErrorDetails();
            String code = details == null ? null : details.errorCode();
            String message = details == null ? null : details.errorMessage();
            if ((message == null || message.isBlank()) && details != null && details.sdkHttpResponse() != null) {
                message = details.sdkHttpResponse().statusText().orElse(null);
            }
            return new AwsError(kind, code, status(a), message, a);
        }
        if (t instanceof SdkServiceException s) return new AwsError(kind, "", status(s), s.getMessage(), s);
        return new AwsError(kind, "", 0, t.getMessage(), t);
    }

    /** {@code error} without the {@link CompletionException}/{@link ExecutionException} layers futures add. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Throttling or transient: another attempt of the same request may succeed. */
    public boolean retryable() {
        return kind == Kind.THROTTLING || kind == Kind.TRANSIENT;
    }

    public boolean throttling() {
        return kind == Kind.THROTTLING;
    }

    /**
     * The request never reached a service: no connection could be made (refused, no route, unknown host). A
     * transient error to retry, and once retries are spent the environment's to fix, not the request's.
     */
    public boolean unreachable() {
        return !(exception instanceof SdkServiceException) && connectFailure(exception, 0);
    }

    /**
     * A refused or unroutable connection in {@code t}'s causes or suppressed errors: the SDK reports its last
     * attempt (often "Acquire operation took longer than the configured maximum time" once the pool gave up
     * connecting) and keeps the earlier attempts' failures as suppressed exceptions.
     */
    private static boolean connectFailure(Throwable t, int depth) {
        if (t == null || depth > 8) return false;
        if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException
                || t instanceof java.net.UnknownHostException) return true;
        for (Throwable s : t.getSuppressed()) {
            if (connectFailure(s, depth + 1) || refusedAttempt(s)) return true;
        }
        return t.getCause() != t && connectFailure(t.getCause(), depth + 1);
    }

    /**
     * The SDK's record of an earlier attempt ("Request attempt 1 failure: Unable to execute HTTP request: Connection
     * refused: /127.0.0.1:4566") keeps only the failure's message, not the exception, so the message is all there
     * is to read. Seen when the retry after a refused connect then times out acquiring a connection from the pool.
     */
    private static boolean refusedAttempt(Throwable s) {
        if (!(s instanceof SdkClientException) || s.getMessage() == null) return false;
        String m = s.getMessage();
        return m.startsWith("Request attempt ") && (m.contains("Connection refused") || m.contains("No route to host"));
    }

    /** Short, for retry logs: "RequestLimitExceeded (HTTP 503)", "HTTP 500 without an error code", "SdkClientException". */
    public String label() {
        if (!code.isEmpty()) return status > 0 ? code + " (HTTP " + status + ")" : code;
        if (status > 0) return "HTTP " + status + " without an error code";
        return exception.getClass().getSimpleName();
    }

    /** The label and the message: "RequestLimitExceeded (HTTP 503): Request limit exceeded." */
    public String describe() {
        return message.isBlank() ? label() : label() + ": " + message;
    }

    /**
     * For a failure message: "Code: message" as the service said it; without a code (a 5xx with an empty body)
     * the status: "HTTP 500 without an error code", never "null: null".
     */
    public String brief() {
        if (code.isEmpty()) return describe();
        return message.isBlank() ? code : code + ": " + message;
    }

    @Override
    public String toString() {
        return kind + " " + describe();
    }

    private static Kind kind(Throwable t) {
        if (t instanceof SdkServiceException s && s.statusCode() == 0 && status(s) > 0) {
            t = s.toBuilder().statusCode(status(s)).build(); // the SDK's rules read the exception's own status
        }
        if (t instanceof SdkServiceException s && s.isThrottlingException()) return Kind.THROTTLING;
        return SdkRetryRules.retryable(t) ? Kind.TRANSIENT : Kind.PERMANENT;
    }

    /** The status the exception carries, else the one of the HTTP response it was read from. */
    private static int status(SdkServiceException s) {
        if (s.statusCode() > 0) return s.statusCode();
        if (s instanceof AwsServiceException a && a.awsErrorDetails() != null
                && a.awsErrorDetails().sdkHttpResponse() != null) {
            return a.awsErrorDetails().sdkHttpResponse().statusCode();
        }
        return 0;
    }
}

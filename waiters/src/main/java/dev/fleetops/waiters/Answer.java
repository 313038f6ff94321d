package dev.fleetops.waiters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.SdkJson;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkResponse;

import java.util.concurrent.CompletionException;

/**
 * What one API call answered, as acceptors see it: the response as JSON with the API's member names, or the
 * error with its AWS error code, plus the HTTP status of either.
 *
 * @param body   the response as JSON (null for an error)
 * @param status the HTTP status code (0 when unknown, e.g. a client-side failure)
 * @param error  the error (null for a response)
 */
record Answer(JsonNode body, int status, Throwable error) {

    public static Answer of(SdkResponse response) {
        int status = response.sdkHttpResponse() != null ? response.sdkHttpResponse().statusCode() : 200;
        return new Answer(SdkJson.toJson((SdkPojo) response), status == 0 ? 200 : status, null);
    }

    /** A JSON answer that did not come from an SDK call (e.g. one element of a batched response). */
    public static Answer ofJson(JsonNode body) {
        return new Answer(body, 200, null);
    }

    public static Answer of(Throwable error) {
        Throwable cause = unwrap(error);
        int status = cause instanceof AwsServiceException a ? a.statusCode() : 0;
        return new Answer(null, status, cause);
    }

    public boolean isError() {
        return error != null;
    }

    /** The AWS error code of an error answer ({@code InvalidInstanceID.NotFound}), else null. */
    public String errorCode() {
        if (error instanceof AwsServiceException a && a.awsErrorDetails() != null) return a.awsErrorDetails().errorCode();
        return null;
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
        return t;
    }
}

package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.model.AlreadyExistsException;
import software.amazon.awssdk.services.autoscaling.model.InvalidNextTokenException;
import software.amazon.awssdk.services.autoscaling.model.LimitExceededException;
import software.amazon.awssdk.services.autoscaling.model.ResourceInUseException;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityInProgressException;

import java.util.List;

/** Auto Scaling's errors, with AWS's codes and (where known) its messages. */
final class AsgErrors {

    private static final String SERVICE = "AutoScaling";

    private AsgErrors() { }

    static AwsServiceException validation(String message) {
        return SimErrors.autoScaling("ValidationError", message);
    }

    /** As AWS words a missing required member. */
    static AwsServiceException missing(String member) {
        return validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    static <T> T required(T value, String member) {
        if (value == null || (value instanceof String s && s.isEmpty())) throw missing(member);
        return value;
    }

    static void atMost(List<?> values, int max, String member) {
        if (values != null && values.size() > max) {
            throw validation("1 validation error detected: Value '" + values + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
    }

    static AwsServiceException groupNotFound(String name) {
        return validation("AutoScalingGroup name not found - AutoScalingGroup " + name + " not found");
    }

    static AwsServiceException alreadyExists(String message) {
        return SimErrors.error(AlreadyExistsException.builder(), SERVICE, "AlreadyExists", 400, message);
    }

    static AwsServiceException scalingActivityInProgress(String message) {
        return SimErrors.error(ScalingActivityInProgressException.builder(), SERVICE, "ScalingActivityInProgress",
                400, message);
    }

    static AwsServiceException resourceInUse(String message) {
        return SimErrors.error(ResourceInUseException.builder(), SERVICE, "ResourceInUse", 400, message);
    }


    static AwsServiceException limitExceeded(String message) {
        return SimErrors.error(LimitExceededException.builder(), SERVICE, "LimitExceeded", 400, message);
    }

    static AwsServiceException invalidNextToken(String token) {
        return SimErrors.error(InvalidNextTokenException.builder(), SERVICE, "InvalidNextToken", 400,
                "The token '" + token + "' is invalid.");
    }
}

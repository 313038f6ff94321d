package dev.fleetops.sim.cloudwatch;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidFormatException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidNextTokenException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterCombinationException;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.MissingRequiredParameterException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;

/**
 * CloudWatch's errors, with the codes and HTTP statuses of its model ("Amazon CloudWatch API Reference": each
 * operation's Errors, and Common Errors for {@code ValidationError}).
 */
final class CloudWatchErrors {

    private static final String SERVICE = "CloudWatch";

    private CloudWatchErrors() { }

    static AwsServiceException validation(String message) {
        return SimErrors.error(CloudWatchException.builder(), SERVICE, "ValidationError", 400, message);
    }

    static AwsServiceException missingParameter(String name) {
        return SimErrors.error(MissingRequiredParameterException.builder(), SERVICE, "MissingParameter", 400,
                "The parameter " + name + " is required.");
    }

    static AwsServiceException invalidValue(String parameter, Object value) {
        return SimErrors.error(InvalidParameterValueException.builder(), SERVICE, "InvalidParameterValue", 400,
                "The value " + value + " for parameter " + parameter + " is invalid.");
    }

    static AwsServiceException combination(String message) {
        return SimErrors.error(InvalidParameterCombinationException.builder(), SERVICE, "InvalidParameterCombination",
                400, message);
    }

    /**
     * Code ResourceNotFound: the SDK for Java unmarshals it as DashboardNotFoundErrorException (two shapes of
     * CloudWatch's model share the code), so that is the type a client of AWS gets, here as on the wire.
     */
    static AwsServiceException alarmNotFound(String name) {
        return SimErrors.error(DashboardNotFoundErrorException.builder(), SERVICE, "ResourceNotFound", 404,
                "Alarm " + name + " not found");
    }

    static AwsServiceException invalidFormat(String message) {
        return SimErrors.error(InvalidFormatException.builder(), SERVICE, "InvalidFormat", 400, message);
    }

    static AwsServiceException invalidNextToken() {
        return SimErrors.error(InvalidNextTokenException.builder(), SERVICE, "InvalidNextToken", 400,
                "The service returned an error with Error Code InvalidNextToken.");
    }
}

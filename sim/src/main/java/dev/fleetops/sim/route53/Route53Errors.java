package dev.fleetops.sim.route53;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.route53.model.HostedZoneAlreadyExistsException;
import software.amazon.awssdk.services.route53.model.HostedZoneNotEmptyException;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.InvalidDomainNameException;
import software.amazon.awssdk.services.route53.model.InvalidInputException;
import software.amazon.awssdk.services.route53.model.NoSuchChangeException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;

import java.util.List;

/** Route 53's errors: modeled exception types, AWS's codes and message wording. */
final class Route53Errors {

    private Route53Errors() { }

    static AwsServiceException noSuchHostedZone(String id) {
        return SimErrors.error(NoSuchHostedZoneException.builder(), "Route53", "NoSuchHostedZone", 404,
                "No hosted zone found with ID: " + id);
    }

    static AwsServiceException zoneAlreadyExists(String callerReference) {
        return SimErrors.error(HostedZoneAlreadyExistsException.builder(), "Route53", "HostedZoneAlreadyExists", 409,
                "A hosted zone has already been created with the specified caller reference: " + callerReference);
    }

    static AwsServiceException zoneNotEmpty() {
        return SimErrors.error(HostedZoneNotEmptyException.builder(), "Route53", "HostedZoneNotEmpty", 400,
                "The specified hosted zone contains non-required resource record sets and so cannot be deleted.");
    }

    static AwsServiceException invalidDomainName(String name) {
        return SimErrors.error(InvalidDomainNameException.builder(), "Route53", "InvalidDomainName", 400,
                name + " is not a valid domain name.");
    }

    static AwsServiceException invalidInput(String message) {
        return SimErrors.error(InvalidInputException.builder(), "Route53", "InvalidInput", 400, message);
    }

    static AwsServiceException noSuchChange(String id) {
        return SimErrors.error(NoSuchChangeException.builder(), "Route53", "NoSuchChange", 404,
                "A change with the specified change ID does not exist: " + id);
    }

    /** All problems of one batch in one error, as Route 53 reports them: {@code [first, second]}. */
    static AwsServiceException invalidChangeBatch(List<String> problems) {
        String message = "[" + String.join(", ", problems) + "]";
        return InvalidChangeBatchException.builder()
                .messages(problems)
                .message(message + " (Service: Route53, Status Code: 400, Request ID: simulated)")
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidChangeBatch").errorMessage(message)
                        .serviceName("Route53").sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build())
                        .build())
                .build();
    }
}

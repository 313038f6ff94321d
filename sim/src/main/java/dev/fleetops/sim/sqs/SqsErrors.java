package dev.fleetops.sim.sqs;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;
import software.amazon.awssdk.services.sqs.model.UnsupportedOperationException;

/**
 * SQS's errors as the Java SDK surfaces them from AWS: the modeled exception type, with the query-compatible
 * error code SQS sends in {@code x-amzn-query-error} (the SDK reports that one, e.g.
 * {@code AWS.SimpleQueueService.NonExistentQueue} on a {@link QueueDoesNotExistException}).
 */
final class SqsErrors {

    private SqsErrors() { }

    static AwsServiceException queueDoesNotExist() {
        return SimErrors.error(QueueDoesNotExistException.builder(), "Sqs", "AWS.SimpleQueueService.NonExistentQueue",
                400, "The specified queue does not exist.");
    }

    static AwsServiceException queueNameExists(String attribute) {
        return SimErrors.error(QueueNameExistsException.builder(), "Sqs", "QueueAlreadyExists", 400,
                "A queue already exists with the same name and a different value for attribute " + attribute);
    }

    static AwsServiceException queueDeletedRecently() {
        return SimErrors.error(QueueDeletedRecentlyException.builder(), "Sqs",
                "AWS.SimpleQueueService.QueueDeletedRecently", 400,
                "You must wait 60 seconds after deleting a queue before you can create another with the same name.");
    }

    static AwsServiceException receiptHandleIsInvalid(String handle) {
        return SimErrors.error(ReceiptHandleIsInvalidException.builder(), "Sqs", "ReceiptHandleIsInvalid", 404,
                "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
    }

    static AwsServiceException invalidAttributeName(String name) {
        return SimErrors.error(InvalidAttributeNameException.builder(), "Sqs", "InvalidAttributeName", 400,
                "Unknown Attribute " + name + ".");
    }

    static AwsServiceException invalidAttributeValue(String name) {
        return SimErrors.error(InvalidAttributeValueException.builder(), "Sqs", "InvalidAttributeValue", 400,
                "Invalid value for the parameter " + name + ".");
    }

    static AwsServiceException invalidAttributeValue(String name, String value, String reason) {
        return SimErrors.error(InvalidAttributeValueException.builder(), "Sqs", "InvalidAttributeValue", 400,
                "Value " + value + " for parameter " + name + " is invalid. Reason: " + reason);
    }

    static AwsServiceException invalidParameterValue(String message) {
        return SimErrors.sqs("InvalidParameterValue", message);
    }

    static AwsServiceException invalidParameter(String name, Object value, String reason) {
        return invalidParameterValue("Value " + value + " for parameter " + name + " is invalid. Reason: " + reason);
    }

    static AwsServiceException missingParameter(String name) {
        return SimErrors.sqs("MissingParameter", "The request must contain the parameter " + name + ".");
    }

    static AwsServiceException messageNotInflight() {
        return SimErrors.error(MessageNotInflightException.builder(), "Sqs",
                "AWS.SimpleQueueService.MessageNotInflight", 400, "The message referred to isn't in flight.");
    }

    static AwsServiceException purgeInProgress(String queueUrl) {
        return SimErrors.error(PurgeQueueInProgressException.builder(), "Sqs",
                "AWS.SimpleQueueService.PurgeQueueInProgress", 403,
                "Only one PurgeQueue operation on " + queueUrl + " is allowed every 60 seconds.");
    }

    static AwsServiceException tooManyEntries(int count) {
        return SimErrors.error(TooManyEntriesInBatchRequestException.builder(), "Sqs",
                "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400,
                "Maximum number of entries per request are 10. You have sent " + count + ".");
    }

    static AwsServiceException emptyBatch(String entryType) {
        return SimErrors.error(EmptyBatchRequestException.builder(), "Sqs",
                "AWS.SimpleQueueService.EmptyBatchRequest", 400,
                "There should be at least one " + entryType + " in the request.");
    }

    static AwsServiceException idsNotDistinct(String id) {
        return SimErrors.error(BatchEntryIdsNotDistinctException.builder(), "Sqs",
                "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400, "Id " + id + " repeated.");
    }

    static AwsServiceException invalidBatchEntryId() {
        return SimErrors.error(InvalidBatchEntryIdException.builder(), "Sqs",
                "AWS.SimpleQueueService.InvalidBatchEntryId", 400,
                "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
                        + "It can be at most 80 letters long.");
    }

    static AwsServiceException batchTooLong(long bytes) {
        return SimErrors.error(BatchRequestTooLongException.builder(), "Sqs", "AWS.SimpleQueueService.BatchRequestTooLong",
                400, "Batch requests cannot be longer than 262144 bytes. You have sent " + bytes + " bytes.");
    }

    static AwsServiceException unsupported(String what) {
        return SimErrors.error(UnsupportedOperationException.builder(), "Sqs",
                "AWS.SimpleQueueService.UnsupportedOperation", 400, what + " is not modelled by the simulated region.");
    }
}

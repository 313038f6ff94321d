package dev.fleetops.cloud.dynamodb;

/** A shared store could not do its work in DynamoDB (timeout, missing table, wrong key schema). */
public final class DynamoDbStoreException extends RuntimeException {

    public DynamoDbStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.fleetops.sim.sqs;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;

/** SQS message operations: validation as the API reference documents it, then the queue's state machine. */
final class SqsMessaging {

    private static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final int MAX_BATCH_BYTES = 262_144;

    private final SqsSim sqs;

    SqsMessaging(SqsSim sqs) {
        this.sqs = sqs;
    }

    SendMessageResponse send(SendMessageRequest r) {
        SqsQueue q = sqs.queue(r.queueUrl());
        Map<String, MessageAttributeValue> attrs = r.hasMessageAttributes() ? r.messageAttributes() : Map.of();
        int delay = validateMessage(q, r.messageBody(), attrs, r.delaySeconds());
        SqsMessage m = q.send(r.messageBody(), attrs, delay);
        return SendMessageResponse.builder().messageId(m.id).md5OfMessageBody(m.md5OfBody)
                .md5OfMessageAttributes(m.md5OfAttributes).build();
    }

    SendMessageBatchResponse sendBatch(SendMessageBatchRequest r) {
        SqsQueue q = sqs.queue(r.queueUrl());
        List<SendMessageBatchRequestEntry> entries = r.hasEntries() ? r.entries() : List.of();
        validateBatch(entries, SendMessageBatchRequestEntry::id, "SendMessageBatchRequestEntry");
        long bytes = 0;
        for (SendMessageBatchRequestEntry e : entries) bytes += size(e.messageBody(), e.messageAttributes());
        if (bytes > MAX_BATCH_BYTES) throw SqsErrors.batchTooLong(bytes);
        List<SendMessageBatchResultEntry> ok = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        for (SendMessageBatchRequestEntry e : entries) {
            Map<String, MessageAttributeValue> attrs = e.hasMessageAttributes() ? e.messageAttributes() : Map.of();
            try {
                int delay = validateMessage(q, e.messageBody(), attrs, e.delaySeconds());
                SqsMessage m = q.send(e.messageBody(), attrs, delay);
                ok.add(SendMessageBatchResultEntry.builder().id(e.id()).messageId(m.id).md5OfMessageBody(m.md5OfBody)
                        .md5OfMessageAttributes(m.md5OfAttributes).build());
            } catch (AwsServiceException x) {
                failed.add(failure(e.id(), x));
            }
        }
        return SendMessageBatchResponse.builder().successful(ok).failed(failed).build();
    }

    /** Validates, then answers {@code result} now or when the long poll ends. */
    void receive(ReceiveMessageRequest r, CompletableFuture<ReceiveMessageResponse> result) {
        SqsQueue q = sqs.queue(r.queueUrl());
        int max = r.maxNumberOfMessages() == null ? 1 : r.maxNumberOfMessages();
        if (max < 1 || max > 10) {
            throw SqsErrors.invalidParameter("MaxNumberOfMessages", max, "Must be between 1 and 10, if provided.");
        }
        int wait = r.waitTimeSeconds() == null ? q.settings.waitTimeSeconds : r.waitTimeSeconds();
        if (wait < 0 || wait > 20) {
            throw SqsErrors.invalidParameter("WaitTimeSeconds", wait, "Must be >= 0 and <= 20, if provided.");
        }
        Integer visibility = r.visibilityTimeout();
        if (visibility != null && (visibility < 0 || visibility > 43_200)) {
            throw SqsErrors.invalidParameter("VisibilityTimeout", visibility, "Must be >= 0 and <= 43200, if provided.");
        }
        Set<String> system = new LinkedHashSet<>();
        if (r.hasAttributeNames()) system.addAll(r.attributeNamesAsStrings());
        if (r.hasMessageSystemAttributeNames()) system.addAll(r.messageSystemAttributeNamesAsStrings());
        List<String> messageAttributes = r.hasMessageAttributeNames() ? r.messageAttributeNames() : List.of();
        q.receive(new ReceiveOptions(max, visibility, wait, system, messageAttributes), result);
    }

    DeleteMessageResponse delete(DeleteMessageRequest r) {
        SqsQueue q = sqs.queue(r.queueUrl());
        q.delete(handle(q, r.receiptHandle()));
        return DeleteMessageResponse.builder().build();
    }

    DeleteMessageBatchResponse deleteBatch(DeleteMessageBatchRequest r) {
        SqsQueue q = sqs.queue(r.queueUrl());
        List<DeleteMessageBatchRequestEntry> entries = r.hasEntries() ? r.entries() : List.of();
        validateBatch(entries, DeleteMessageBatchRequestEntry::id, "DeleteMessageBatchRequestEntry");
        List<DeleteMessageBatchResultEntry> ok = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        for (DeleteMessageBatchRequestEntry e : entries) {
            try {
                q.delete(handle(q, e.receiptHandle()));
                ok.add(DeleteMessageBatchResultEntry.builder().id(e.id()).build());
            } catch (AwsServiceException x) {
                failed.add(failure(e.id(), x));
            }
        }
        return DeleteMessageBatchResponse.builder().successful(ok).failed(failed).build();
    }

    ChangeMessageVisibilityResponse changeVisibility(ChangeMessageVisibilityRequest r) {
        SqsQueue q = sqs.queue(r.queueUrl());
        changeVisibility(q, r.receiptHandle(), r.visibilityTimeout());
        return ChangeMessageVisibilityResponse.builder().build();
    }

    ChangeMessageVisibilityBatchResponse changeVisibilityBatch(ChangeMessageVisibilityBatchRequest r) {
        SqsQueue q = sqs.queue(r.queueUrl());
        List<ChangeMessageVisibilityBatchRequestEntry> entries = r.hasEntries() ? r.entries() : List.of();
        validateBatch(entries, ChangeMessageVisibilityBatchRequestEntry::id, "ChangeMessageVisibilityBatchRequestEntry");
        List<ChangeMessageVisibilityBatchResultEntry> ok = new ArrayList<>();
        List<BatchResultErrorEntry> failed = new ArrayList<>();
        for (ChangeMessageVisibilityBatchRequestEntry e : entries) {
            try {
                changeVisibility(q, e.receiptHandle(), e.visibilityTimeout());
                ok.add(ChangeMessageVisibilityBatchResultEntry.builder().id(e.id()).build());
            } catch (AwsServiceException x) {
                failed.add(failure(e.id(), x));
            }
        }
        return ChangeMessageVisibilityBatchResponse.builder().successful(ok).failed(failed).build();
    }

    private void changeVisibility(SqsQueue q, String receiptHandle, Integer seconds) {
        if (seconds == null) throw SqsErrors.missingParameter("VisibilityTimeout");
        if (seconds < 0 || seconds > 43_200) {
            throw SqsErrors.invalidParameter("VisibilityTimeout", seconds, "Must be >= 0 and <= 43200.");
        }
        q.changeVisibility(handle(q, receiptHandle), receiptHandle, seconds);
    }

    private static ReceiptHandles.Parsed handle(SqsQueue q, String receiptHandle) {
        if (receiptHandle == null || receiptHandle.isEmpty()) throw SqsErrors.missingParameter("ReceiptHandle");
        ReceiptHandles.Parsed p = ReceiptHandles.parse(receiptHandle);
        if (p == null || !p.queueName().equals(q.name)) throw SqsErrors.receiptHandleIsInvalid(receiptHandle);
        return p;
    }

    /** @return the message's delay in seconds (its own, else the queue's) */
    private int validateMessage(SqsQueue q, String body, Map<String, MessageAttributeValue> attrs, Integer delay) {
        if (body == null || body.isEmpty()) throw SqsErrors.missingParameter("MessageBody");
        for (int i = 0; i < body.length(); ) {
            int c = body.codePointAt(i);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!allowed) {
                throw SimErrors.error(InvalidMessageContentsException.builder(), "Sqs", "InvalidMessageContents", 400,
                        "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | "
                                + "#xE000 to #xFFFD | #x10000 to #x10FFFF");
            }
            i += Character.charCount(c);
        }
        if (attrs.size() > 10) {
            throw SqsErrors.invalidParameterValue("Number of message attributes [" + attrs.size()
                    + "] exceeds the allowed maximum [10].");
        }
        for (Map.Entry<String, MessageAttributeValue> a : attrs.entrySet()) {
            MessageAttributeValue v = a.getValue();
            String type = v.dataType();
            if (type == null || !(type.startsWith("String") || type.startsWith("Number") || type.startsWith("Binary"))) {
                throw SqsErrors.invalidParameterValue("The message attribute '" + a.getKey()
                        + "' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
            }
            boolean hasValue = type.startsWith("Binary") ? v.binaryValue() != null
                    : v.stringValue() != null && !v.stringValue().isEmpty();
            if (!hasValue) {
                throw SqsErrors.invalidParameterValue("The message attribute '" + a.getKey()
                        + "' must contain non-empty message attribute value for message attribute type '" + type + "'.");
            }
        }
        long bytes = size(body, attrs);
        if (bytes > q.settings.maxMessageSize) {
            throw SqsErrors.invalidParameterValue("One or more parameters are invalid. Reason: Message must be shorter than "
                    + q.settings.maxMessageSize + " bytes.");
        }
        if (delay == null) return q.settings.delaySeconds;
        if (delay < 0 || delay > 900) {
            throw SqsErrors.invalidParameter("DelaySeconds", delay, "DelaySeconds must be >= 0 and <= 900.");
        }
        return delay;
    }

    private static long size(String body, Map<String, MessageAttributeValue> attrs) {
        long bytes = body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
        if (attrs != null) {
            for (Map.Entry<String, MessageAttributeValue> a : attrs.entrySet()) {
                MessageAttributeValue v = a.getValue();
                bytes += a.getKey().length() + (v.dataType() == null ? 0 : v.dataType().length());
                if (v.stringValue() != null) bytes += v.stringValue().getBytes(StandardCharsets.UTF_8).length;
                if (v.binaryValue() != null) bytes += v.binaryValue().asByteArray().length;
            }
        }
        return bytes;
    }

    private static <E> void validateBatch(List<E> entries, Function<E, String> id, String entryType) {
        if (entries.isEmpty()) throw SqsErrors.emptyBatch(entryType);
        if (entries.size() > 10) throw SqsErrors.tooManyEntries(entries.size());
        Set<String> seen = new HashSet<>();
        for (E e : entries) {
            String i = id.apply(e);
            if (i == null || !BATCH_ID.matcher(i).matches()) throw SqsErrors.invalidBatchEntryId();
            if (!seen.add(i)) throw SqsErrors.idsNotDistinct(i);
        }
    }

    private static BatchResultErrorEntry failure(String id, AwsServiceException x) {
        return BatchResultErrorEntry.builder().id(id).senderFault(true).code(x.awsErrorDetails().errorCode())
                .message(x.awsErrorDetails().errorMessage()).build();
    }
}

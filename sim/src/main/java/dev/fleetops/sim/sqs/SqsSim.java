package dev.fleetops.sim.sqs;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.PurgeQueueResponse;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Simulated SQS (standard queues): the queue registry, URLs and ARNs of AWS's shape, queue-level operations.
 * Message operations live in {@link SqsMessaging}, per-queue message state in {@link SqsQueue}.
 */
public final class SqsSim {

    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final long RECENT_NANOS = 60_000_000_000L;
    private static final List<String> READABLE = List.of("ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed", "CreatedTimestamp",
            "LastModifiedTimestamp", "QueueArn");

    private final SimContext ctx;
    private final Map<String, SqsQueue> queues = new LinkedHashMap<>();
    private final Map<String, SqsQueue> byArn = new LinkedHashMap<>();
    private final Map<String, Long> deletedAt = new LinkedHashMap<>();
    private final SqsMessaging messaging;
    private final SqsAsyncClient client;

    public SqsSim(SimContext ctx) {
        this.ctx = ctx;
        this.messaging = new SqsMessaging(this);
        this.client = new SimSqsClient(ctx, this, messaging);
    }

    public SqsAsyncClient client() {
        return client;
    }

    /**
     * Delivers {@code body} to the queue with this ARN, as an EventBridge target or an Auto Scaling notification
     * target does. @return false when no such queue exists (the event is dropped, as AWS drops it)
     */
    public boolean deliver(String queueArn, String body) {
        SqsQueue q = byArn.get(queueArn);
        if (q == null) return false;
        q.send(body, null, q.settings.delaySeconds);
        return true;
    }

    /** The ARN a queue of this name has in this region and account. */
    public String arnOf(String queueName) {
        return "arn:aws:sqs:" + ctx.region() + ":" + ctx.accountId() + ":" + queueName;
    }

    /**
     * A queue's depth as CloudWatch's {@code AWS/SQS} metrics report it (ApproximateNumberOfMessagesVisible,
     * ...NotVisible, ...Delayed), or empty when no such queue or metric exists.
     */
    public java.util.OptionalInt approximateCount(String queueName, String metricName) {
        SqsQueue q = queues.get(queueName);
        if (q == null) return java.util.OptionalInt.empty();
        return switch (metricName) {
            case "ApproximateNumberOfMessagesVisible" -> java.util.OptionalInt.of(q.visibleCount());
            case "ApproximateNumberOfMessagesNotVisible" -> java.util.OptionalInt.of(q.inFlightCount());
            case "ApproximateNumberOfMessagesDelayed" -> java.util.OptionalInt.of(q.delayedCount());
            default -> java.util.OptionalInt.empty();
        };
    }

    String urlOf(String queueName) {
        return "https://sqs." + ctx.region() + ".amazonaws.com/" + ctx.accountId() + "/" + queueName;
    }

    SqsQueue queueByArn(String arn) {
        return byArn.get(arn);
    }

    String senderId() {
        return ctx.accountId();
    }

    /** The queue a URL names (any endpoint, this account), or QueueDoesNotExist. */
    SqsQueue queue(String url) {
        if (url == null || url.isEmpty()) throw SqsErrors.missingParameter("QueueUrl");
        int last = url.lastIndexOf('/');
        int before = last > 0 ? url.lastIndexOf('/', last - 1) : -1;
        if (last < 0 || before < 0 || !url.substring(before + 1, last).equals(ctx.accountId())) {
            throw SqsErrors.queueDoesNotExist();
        }
        SqsQueue q = queues.get(url.substring(last + 1));
        if (q == null) throw SqsErrors.queueDoesNotExist();
        return q;
    }

    CreateQueueResponse createQueue(CreateQueueRequest r) {
        String name = r.queueName();
        if (name == null) throw SqsErrors.missingParameter("QueueName");
        if (!QUEUE_NAME.matcher(name).matches()) {
            throw SqsErrors.invalidParameterValue(
                    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        Map<String, String> attributes = r.hasAttributes() ? r.attributesAsStrings() : Map.of();
        SqsQueue existing = queues.get(name);
        if (existing != null) {
            String differs = existing.settings.firstDifference(attributes);
            if (differs != null) throw SqsErrors.queueNameExists(differs);
            return CreateQueueResponse.builder().queueUrl(existing.url).build();
        }
        Long deleted = deletedAt.get(name);
        if (deleted != null && ctx.scheduler().elapsedNanos() - deleted < RECENT_NANOS) {
            throw SqsErrors.queueDeletedRecently();
        }
        SqsQueue q = new SqsQueue(ctx, this, name, urlOf(name), arnOf(name));
        q.settings.apply(attributes, byArn::containsKey);
        queues.put(name, q);
        byArn.put(q.arn, q);
        deletedAt.remove(name);
        ctx.log("sqs.queue", name, "created");
        return CreateQueueResponse.builder().queueUrl(q.url).build();
    }

    GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest r) {
        if (r.queueName() == null) throw SqsErrors.missingParameter("QueueName");
        SqsQueue q = queues.get(r.queueName());
        if (q == null || (r.queueOwnerAWSAccountId() != null && !r.queueOwnerAWSAccountId().equals(ctx.accountId()))) {
            throw SqsErrors.queueDoesNotExist();
        }
        return GetQueueUrlResponse.builder().queueUrl(q.url).build();
    }

    /** Without MaxResults: up to 1000 URLs and no token; with it, pages of MaxResults (1-1000). */
    ListQueuesResponse listQueues(ListQueuesRequest r) {
        Integer max = r.maxResults();
        if (max != null && (max < 1 || max > 1000)) {
            throw SqsErrors.invalidParameter("MaxResults", max, "MaxResults must be an integer between 1 and 1000.");
        }
        int start = 0;
        if (r.nextToken() != null) {
            try {
                start = Integer.parseInt(r.nextToken());
            } catch (NumberFormatException e) {
                throw SqsErrors.invalidParameterValue("Invalid NextToken value.");
            }
        }
        List<String> urls = new ArrayList<>();
        for (SqsQueue q : queues.values()) {
            if (r.queueNamePrefix() == null || q.name.startsWith(r.queueNamePrefix())) urls.add(q.url);
        }
        int limit = max == null ? 1000 : max;
        int end = Math.min(urls.size(), start + limit);
        ListQueuesResponse.Builder b = ListQueuesResponse.builder().queueUrls(urls.subList(Math.min(start, end), end));
        if (max != null && end < urls.size()) b.nextToken(Integer.toString(end));
        return b.build();
    }

    GetQueueAttributesResponse getQueueAttributes(GetQueueAttributesRequest r) {
        SqsQueue q = queue(r.queueUrl());
        List<String> names = r.hasAttributeNames() ? r.attributeNamesAsStrings() : List.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            if (n.equals("All")) {
                for (String readable : READABLE) out.put(readable, read(q, readable));
                out.putAll(q.settings.values());
            } else if (READABLE.contains(n)) {
                out.put(n, read(q, n));
            } else if (q.settings.value(n) != null) {
                out.put(n, q.settings.value(n));
            } else if (!isSettable(n) || QueueSettings.fifoOnly(n)) {
                // FifoQueue on a standard queue is unknown (scripts tell the queue types apart by that error)
                throw SqsErrors.invalidAttributeName(n);
            }
        }
        return GetQueueAttributesResponse.builder().attributesWithStrings(out).build();
    }

    SetQueueAttributesResponse setQueueAttributes(SetQueueAttributesRequest r) {
        SqsQueue q = queue(r.queueUrl());
        Map<String, String> attributes = r.hasAttributes() ? r.attributesAsStrings() : Map.of();
        for (String n : attributes.keySet()) if (READABLE.contains(n)) throw SqsErrors.invalidAttributeName(n);
        q.settings.apply(attributes, byArn::containsKey);
        q.lastModifiedMillis = ctx.scheduler().now().toEpochMilli();
        return SetQueueAttributesResponse.builder().build();
    }

    DeleteQueueResponse deleteQueue(DeleteQueueRequest r) {
        SqsQueue q = queue(r.queueUrl());
        queues.remove(q.name);
        byArn.remove(q.arn);
        deletedAt.put(q.name, ctx.scheduler().elapsedNanos());
        q.close();
        ctx.log("sqs.queue", q.name, "deleted");
        return DeleteQueueResponse.builder().build();
    }

    PurgeQueueResponse purgeQueue(PurgeQueueRequest r) {
        SqsQueue q = queue(r.queueUrl());
        if (ctx.scheduler().elapsedNanos() - q.lastPurgeNanos < RECENT_NANOS) throw SqsErrors.purgeInProgress(q.url);
        q.purge();
        return PurgeQueueResponse.builder().build();
    }

    private static String read(SqsQueue q, String name) {
        return switch (name) {
            case "ApproximateNumberOfMessages" -> Integer.toString(q.visibleCount());
            case "ApproximateNumberOfMessagesNotVisible" -> Integer.toString(q.inFlightCount());
            case "ApproximateNumberOfMessagesDelayed" -> Integer.toString(q.delayedCount());
            case "CreatedTimestamp" -> Long.toString(q.createdMillis / 1000);
            case "LastModifiedTimestamp" -> Long.toString(q.lastModifiedMillis / 1000);
            case "QueueArn" -> q.arn;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Known attributes that may simply be unset on this queue (RedrivePolicy, Policy...). */
    private static boolean isSettable(String name) {
        return switch (name) {
            case "Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
                 "SqsManagedSseEnabled", "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
                 "FifoThroughputLimit" -> true;
            default -> false;
        };
    }
}

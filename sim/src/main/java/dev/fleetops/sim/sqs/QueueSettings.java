package dev.fleetops.sim.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A queue's settable attributes (CreateQueue / SetQueueAttributes), validated with AWS's limits
 * (API reference, {@code SetQueueAttributes}). Values are kept as the strings the API exchanges.
 */
final class QueueSettings {

    static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
    static final String RETENTION = "MessageRetentionPeriod";
    static final String WAIT_TIME = "ReceiveMessageWaitTimeSeconds";
    static final String DELAY = "DelaySeconds";
    static final String MAX_SIZE = "MaximumMessageSize";
    static final String REDRIVE_POLICY = "RedrivePolicy";

    /** Settable attributes kept verbatim, without a behaviour in the simulator. */
    private static final Set<String> STORED = Set.of("Policy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
            "SqsManagedSseEnabled", "RedriveAllowPolicy");
    private static final Set<String> FIFO = Set.of("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
            "FifoThroughputLimit");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An attribute only FIFO queues have: a standard queue asked for it answers InvalidAttributeName, as AWS does. */
    static boolean fifoOnly(String name) {
        return FIFO.contains(name);
    }

    /** A parsed redrive policy. */
    record Redrive(String deadLetterTargetArn, int maxReceiveCount) { }

    private final Map<String, String> values = new LinkedHashMap<>();
    int visibilityTimeout = 30;
    int retentionSeconds = 345_600;
    int waitTimeSeconds;
    int delaySeconds;
    int maxMessageSize = 262_144;
    Redrive redrive;

    QueueSettings() {
        values.put(DELAY, "0");
        values.put(MAX_SIZE, "262144");
        values.put(RETENTION, "345600");
        values.put(WAIT_TIME, "0");
        values.put(VISIBILITY_TIMEOUT, "30");
        values.put("SqsManagedSseEnabled", "true");
    }

    /** The stored value of a settable attribute, or null. */
    String value(String name) {
        return values.get(name);
    }

    Map<String, String> values() {
        return values;
    }

    /**
     * Validates every attribute first, then applies them all (a bad request changes nothing).
     * @param deadLetterExists tells whether a redrive target ARN names an existing queue
     */
    void apply(Map<String, String> attributes, java.util.function.Predicate<String> deadLetterExists) {
        for (Map.Entry<String, String> a : attributes.entrySet()) validate(a.getKey(), a.getValue(), deadLetterExists);
        for (Map.Entry<String, String> a : attributes.entrySet()) set(a.getKey(), a.getValue());
    }

    /** The first attribute whose requested value differs from this queue's (CreateQueue idempotency), or null. */
    String firstDifference(Map<String, String> attributes) {
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            String current = values.get(a.getKey());
            if (a.getKey().equals(REDRIVE_POLICY)) {
                if (redrive == null || !redrive.equals(parseRedrive(a.getValue()))) return a.getKey();
            } else if (!a.getValue().equals(current)) {
                return a.getKey();
            }
        }
        return null;
    }

    private static void validate(String name, String value, java.util.function.Predicate<String> deadLetterExists) {
        switch (name) {
            case VISIBILITY_TIMEOUT -> range(name, value, 0, 43_200);
            case RETENTION -> range(name, value, 60, 1_209_600);
            case WAIT_TIME -> range(name, value, 0, 20);
            case DELAY -> range(name, value, 0, 900);
            case MAX_SIZE -> range(name, value, 1_024, 262_144);
            case REDRIVE_POLICY -> {
                if (value.isEmpty()) return; // an empty policy removes it
                Redrive r = parseRedrive(value);
                if (r == null) {
                    throw SqsErrors.invalidAttributeValue(name, value,
                            "Redrive policy is not a valid JSON map with deadLetterTargetArn and maxReceiveCount.");
                }
                if (r.maxReceiveCount() < 1 || r.maxReceiveCount() > 1000) {
                    throw SqsErrors.invalidAttributeValue(name, value, "Invalid value for maxReceiveCount: "
                            + r.maxReceiveCount() + ", valid values are from 1 to 1000 both inclusive.");
                }
                if (!deadLetterExists.test(r.deadLetterTargetArn())) {
                    throw SqsErrors.invalidAttributeValue(name, value, "Dead letter target does not exist.");
                }
            }
            default -> {
                if (FIFO.contains(name)) throw SqsErrors.unsupported("FIFO queues (attribute " + name + ")");
                if (!STORED.contains(name)) throw SqsErrors.invalidAttributeName(name);
            }
        }
    }

    private void set(String name, String value) {
        switch (name) {
            case VISIBILITY_TIMEOUT -> visibilityTimeout = Integer.parseInt(value.trim());
            case RETENTION -> retentionSeconds = Integer.parseInt(value.trim());
            case WAIT_TIME -> waitTimeSeconds = Integer.parseInt(value.trim());
            case DELAY -> delaySeconds = Integer.parseInt(value.trim());
            case MAX_SIZE -> maxMessageSize = Integer.parseInt(value.trim());
            case REDRIVE_POLICY -> redrive = value.isEmpty() ? null : parseRedrive(value);
            default -> { }
        }
        if (name.equals(REDRIVE_POLICY)) {
            if (redrive == null) values.remove(name);
            else values.put(name, "{\"deadLetterTargetArn\":\"" + redrive.deadLetterTargetArn()
                    + "\",\"maxReceiveCount\":" + redrive.maxReceiveCount() + "}");
        } else {
            values.put(name, value.trim());
        }
    }

    private static void range(String name, String value, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw SqsErrors.invalidAttributeValue(name);
        }
        if (v < min || v > max) throw SqsErrors.invalidAttributeValue(name);
    }

    /** maxReceiveCount may be a number or a numeric string, as AWS accepts both. */
    static Redrive parseRedrive(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) return null;
            JsonNode arn = n.get("deadLetterTargetArn");
            JsonNode max = n.get("maxReceiveCount");
            if (arn == null || !arn.isTextual() || max == null) return null;
            int count = max.isNumber() ? max.asInt() : Integer.parseInt(max.asText().trim());
            return new Redrive(arn.asText(), count);
        } catch (Exception e) {
            return null;
        }
    }
}

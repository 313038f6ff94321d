package dev.fleetops.sim.sqs;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated ReceiveMessage: how many, how long to wait and hide, and which system and message attributes to
 * return (SQS returns only the attributes asked for).
 *
 * @param visibilityTimeout null: the queue's own
 */
record ReceiveOptions(int max, Integer visibilityTimeout, int waitSeconds, Set<String> systemAttributes,
                      List<String> messageAttributes) {

    private static final String ALL = "All";

    Message render(SqsMessage m, String receiptHandle, String senderId) {
        Message.Builder b = Message.builder()
                .messageId(m.id)
                .receiptHandle(receiptHandle)
                .md5OfBody(m.md5OfBody)
                .body(m.body);
        if (!systemAttributes.isEmpty()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            boolean all = systemAttributes.contains(ALL);
            if (all || systemAttributes.contains("SenderId")) attrs.put("SenderId", senderId);
            if (all || systemAttributes.contains("ApproximateFirstReceiveTimestamp")) {
                attrs.put("ApproximateFirstReceiveTimestamp", Long.toString(m.firstReceiveMillis));
            }
            if (all || systemAttributes.contains("ApproximateReceiveCount")) {
                attrs.put("ApproximateReceiveCount", Integer.toString(m.receiveCount));
            }
            if (all || systemAttributes.contains("SentTimestamp")) attrs.put("SentTimestamp", Long.toString(m.sentMillis));
            if (m.deadLetterSourceArn != null && (all || systemAttributes.contains("DeadLetterQueueSourceArn"))) {
                attrs.put("DeadLetterQueueSourceArn", m.deadLetterSourceArn);
            }
            b.attributesWithStrings(attrs);
        }
        if (!messageAttributes.isEmpty() && !m.attributes.isEmpty()) {
            Map<String, MessageAttributeValue> selected = selectAttributes(m.attributes);
            if (!selected.isEmpty()) {
                b.messageAttributes(selected);
                b.md5OfMessageAttributes(selected.size() == m.attributes.size()
                        ? m.md5OfAttributes : MessageDigests.ofAttributes(selected));
            }
        }
        return b.build();
    }

    /** Names, {@code All}, {@code .*} or a {@code prefix.*}, as the MessageAttributeNames member documents. */
    private Map<String, MessageAttributeValue> selectAttributes(Map<String, MessageAttributeValue> attributes) {
        Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
            for (String wanted : messageAttributes) {
                boolean match = wanted.equals(ALL) || wanted.equals(".*") || wanted.equals(e.getKey())
                        || (wanted.endsWith(".*") && e.getKey().startsWith(wanted.substring(0, wanted.length() - 1)));
                if (match) {
                    out.put(e.getKey(), e.getValue());
                    break;
                }
            }
        }
        return out;
    }
}

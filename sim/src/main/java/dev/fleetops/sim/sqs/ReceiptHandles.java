package dev.fleetops.sim.sqs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Receipt handles: opaque to clients (base64, AWS's {@code AQEB} prefix), but they carry the queue, the message
 * and which receive issued them, so the simulator keeps no handle table and can tell a stale handle (an
 * earlier receive) from the current one.
 */
final class ReceiptHandles {

    private static final String PREFIX = "AQEB";

    record Parsed(String queueName, String messageId, int receive) { }

    private ReceiptHandles() { }

    static String issue(String queueName, String messageId, int receive) {
        String raw = queueName + '\n' + messageId + '\n' + receive;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @return null when the text is not a handle this region issued */
    static Parsed parse(String handle) {
        if (handle == null || !handle.startsWith(PREFIX)) return null;
        try {
            String raw = new String(Base64.getUrlDecoder().decode(handle.substring(PREFIX.length())),
                    StandardCharsets.UTF_8);
            String[] parts = raw.split("\n", -1);
            if (parts.length != 3) return null;
            return new Parsed(parts[0], parts[1], Integer.parseInt(parts[2]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

package dev.fleetops.sim.sqs;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MD5 digests SQS returns, computed as AWS documents them ("Calculating the MD5 message digest for message
 * attributes", SQS developer guide), so that a client validating them (the SDK's checksum interceptor) agrees.
 */
final class MessageDigests {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private MessageDigests() { }

    static String ofBody(String body) {
        return hex(md5().digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Null when there are no attributes, as SQS omits the member then. */
    static String ofAttributes(Map<String, MessageAttributeValue> attributes) {
        if (attributes == null || attributes.isEmpty()) return null;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, MessageAttributeValue> e : new TreeMap<>(attributes).entrySet()) {
            MessageAttributeValue v = e.getValue();
            lengthPrefixed(out, e.getKey().getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(out, v.dataType().getBytes(StandardCharsets.UTF_8));
            if (v.stringValue() != null) {
                out.write(1);
                lengthPrefixed(out, v.stringValue().getBytes(StandardCharsets.UTF_8));
            } else if (v.binaryValue() != null) {
                out.write(2);
                lengthPrefixed(out, v.binaryValue().asByteArray());
            } else if (v.hasStringListValues()) {
                out.write(3);
                for (String s : v.stringListValues()) lengthPrefixed(out, s.getBytes(StandardCharsets.UTF_8));
            } else if (v.hasBinaryListValues()) {
                out.write(4);
                List<SdkBytes> list = v.binaryListValues();
                for (SdkBytes b : list) lengthPrefixed(out, b.asByteArray());
            }
        }
        return hex(md5().digest(out.toByteArray()));
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    /** digest() resets it, so one instance per thread serves every call. */
    private static MessageDigest md5() {
        return MD5.get();
    }

    private static String hex(byte[] bytes) {
        char[] c = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            c[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            c[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(c);
    }
}

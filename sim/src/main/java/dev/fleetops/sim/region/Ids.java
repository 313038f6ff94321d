package dev.fleetops.sim.region;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic resource ids: the same scenario and seed always produce the same ids, in the same order.
 * Ids have AWS's shapes ({@code i-} + 17 hex digits, UUIDs for event and request ids).
 */
public final class Ids {

    private final SplittableRandom random;

    public Ids(long seed) {
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** {@code prefix-} followed by 17 lowercase hex digits, e.g. {@code i-0a1b2c3d4e5f60718}. */
    public String hex17(String prefix) {
        long a = random.nextLong() & 0xFFFFFFFFFFFFFL; // 52 bits = 13 hex digits
        long b = random.nextLong() & 0xFFFFL;          // 16 bits = 4 hex digits
        return prefix + "-0" + String.format(Locale.ROOT, "%013x%03x", a, b).substring(0, 16);
    }

    /** {@code prefix-} followed by 8 hex digits (short ids: reservations of old, hosted-zone suffixes...). */
    public String hex8(String prefix) {
        return prefix + "-" + String.format(Locale.ROOT, "%08x", random.nextInt() & 0xFFFFFFFFL);
    }

    public String uuid() {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
                .toString();
    }

    /** Uppercase alphanumerics, as in Route 53 zone and change ids. */
    public String upper(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return b.toString();
    }
}

package dev.fleetops.sim.elbv2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** ELBv2's Marker/PageSize pagination (PageSize 1-400) over an already ordered list; markers are opaque. */
final class Paging {

    static final int MAX_PAGE_SIZE = 400;

    record Page<T>(List<T> items, String nextMarker) { }

    private Paging() { }

    static <T> Page<T> page(List<T> all, String marker, Integer pageSize) {
        int size = pageSize == null ? MAX_PAGE_SIZE : pageSize;
        if (size < 1) throw Elbv2Errors.atLeast("pageSize", size, 1);
        if (size > MAX_PAGE_SIZE) throw Elbv2Errors.atMost("pageSize", size, MAX_PAGE_SIZE);
        int from = marker == null ? 0 : decode(marker);
        if (from > all.size()) throw Elbv2Errors.validation("Invalid marker '" + marker + "'");
        int to = Math.min(all.size(), from + size);
        String next = to < all.size() ? encode(to) : null;
        return new Page<>(List.copyOf(all.subList(from, to)), next);
    }

    private static String encode(int offset) {
        return Base64.getEncoder().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String marker) {
        try {
            String s = new String(Base64.getDecoder().decode(marker), StandardCharsets.UTF_8);
            if (!s.startsWith("offset:")) throw new IllegalArgumentException();
            return Integer.parseInt(s.substring("offset:".length()));
        } catch (IllegalArgumentException e) {
            throw Elbv2Errors.validation("Invalid marker '" + marker + "'");
        }
    }
}

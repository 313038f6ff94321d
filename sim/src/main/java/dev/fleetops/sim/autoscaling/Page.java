package dev.fleetops.sim.autoscaling;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** One page of a describe call: MaxRecords (1..limit, default limit) and an opaque NextToken. */
record Page<T>(List<T> items, String nextToken) {

    static <T> Page<T> of(List<T> all, Integer maxRecords, int limit, String token) {
        int size = maxRecords == null ? limit : maxRecords;
        if (size < 1 || size > limit) {
            throw AsgErrors.validation("1 validation error detected: Value '" + size + "' at 'maxRecords' failed to "
                    + "satisfy constraint: Member must have value between 1 and " + limit);
        }
        int from = token == null ? 0 : decode(token);
        if (from < 0 || from > all.size()) throw AsgErrors.invalidNextToken(token);
        int to = Math.min(all.size(), from + size);
        return new Page<>(List.copyOf(all.subList(from, to)), to < all.size() ? encode(to) : null);
    }

    private static String encode(int offset) {
        return Base64.getEncoder().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String token) {
        try {
            String s = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (!s.startsWith("offset:")) throw AsgErrors.invalidNextToken(token);
            return Integer.parseInt(s.substring(7));
        } catch (IllegalArgumentException e) {
            throw AsgErrors.invalidNextToken(token);
        }
    }
}

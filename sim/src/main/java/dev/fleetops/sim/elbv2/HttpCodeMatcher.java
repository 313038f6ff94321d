package dev.fleetops.sim.elbv2;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A health check's success codes as AWS writes them: "200", "200-399", "200,202". ALB accepts 200-499. */
record HttpCodeMatcher(String text, List<int[]> ranges) {

    static final HttpCodeMatcher DEFAULT = parse("200").orElseThrow();

    static Optional<HttpCodeMatcher> parse(String text) {
        if (text == null || text.isBlank()) return Optional.empty();
        List<int[]> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String[] bounds = part.split("-", -1);
            if (bounds.length > 2) return Optional.empty();
            try {
                int lo = Integer.parseInt(bounds[0].trim());
                int hi = bounds.length == 2 ? Integer.parseInt(bounds[1].trim()) : lo;
                if (lo < 200 || hi > 499 || lo > hi) return Optional.empty();
                ranges.add(new int[] {lo, hi});
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new HttpCodeMatcher(text, List.copyOf(ranges)));
    }

    /** Equal when written the same way (the parsed ranges are arrays, which records compare by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpCodeMatcher m && m.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    boolean accepts(int code) {
        for (int[] r : ranges) {
            if (code >= r[0] && code <= r[1]) return true;
        }
        return false;
    }
}

package dev.fleetops.waiters;

import java.util.Map;
import java.util.TreeMap;

/**
 * The API calls a wait made, by {@code service:Operation}: what the result records say (the same on AWS, where no
 * gate counts them for us). Also marks a point ({@link #mark()}) so "calls made after X" can be read.
 */
public final class ApiCalls {

    private final Map<String, Long> byOperation = new TreeMap<>();
    private long total;

    public void count(String serviceOperation) {
        byOperation.merge(serviceOperation, 1L, Long::sum);
        total++;
    }

    public long total() {
        return total;
    }

    public long of(String serviceOperation) {
        return byOperation.getOrDefault(serviceOperation, 0L);
    }

    /** Sorted by name, for records and JSON. */
    public Map<String, Long> sorted() {
        return new TreeMap<>(byOperation);
    }
}

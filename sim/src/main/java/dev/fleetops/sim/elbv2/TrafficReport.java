package dev.fleetops.sim.elbv2;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a {@link TrafficGenerator} saw, filled in as virtual time runs: totals, counts by status code, by second
 * (for timelines) and by target.
 */
public final class TrafficReport {

    /** Request counts of one second or one target. */
    public static final class Counts {
        private long total;
        private long ok;
        private long serverErrors;

        void add(int status) {
            total++;
            if (status >= 200 && status < 300) ok++;
            else if (status >= 500) serverErrors++;
        }

        public long total() {
            return total;
        }

        /** 2xx answers. */
        public long ok() {
            return ok;
        }

        /** 5xx answers (502 from a target that does not answer, 503 with no target). */
        public long serverErrors() {
            return serverErrors;
        }

        @Override
        public String toString() {
            return "total=" + total + " ok=" + ok + " 5xx=" + serverErrors;
        }
    }

    /** One second of the run, starting at {@code start}. */
    public record Second(Instant start, long total, long ok, long serverErrors) { }

    private final Instant from;
    private Instant until;
    private final Counts totals = new Counts();
    private final List<Counts> bySecond = new ArrayList<>();
    private final Map<Integer, Long> byStatus = new TreeMap<>();
    private final Map<String, Counts> byTarget = new LinkedHashMap<>();

    TrafficReport(Instant from, Instant until) {
        this.from = from;
        this.until = until;
        int seconds = (int) Math.max(1, (Duration.between(from, until).toNanos() + 999_999_999L) / 1_000_000_000L);
        for (int i = 0; i < seconds; i++) bySecond.add(null);
    }

    /** An open-ended report (traffic until stopped): seconds are added as they pass. */
    TrafficReport(Instant from) {
        this.from = from;
        this.until = from;
    }

    void finish(Instant at) {
        this.until = at;
    }

    void record(Instant at, Alb.Response r) {
        totals.add(r.status());
        byStatus.merge(r.status(), 1L, Long::sum);
        int s = (int) Duration.between(from, at).getSeconds();
        while (bySecond.size() <= s) bySecond.add(null);
        if (bySecond.get(s) == null) bySecond.set(s, new Counts());
        bySecond.get(s).add(r.status());
        if (at.isAfter(until)) until = at;
        if (r.instanceId() != null) byTarget.computeIfAbsent(r.instanceId(), k -> new Counts()).add(r.status());
    }

    public Instant from() {
        return from;
    }

    public Instant until() {
        return until;
    }

    public long total() {
        return totals.total();
    }

    public long ok() {
        return totals.ok();
    }

    public long serverErrors() {
        return totals.serverErrors();
    }

    public long count(int status) {
        return byStatus.getOrDefault(status, 0L);
    }

    /** Counts by status code, ascending. */
    public Map<Integer, Long> byStatus() {
        return Collections.unmodifiableMap(byStatus);
    }

    /** Every second of the run, including quiet ones. */
    public List<Second> seconds() {
        List<Second> out = new ArrayList<>(bySecond.size());
        for (int i = 0; i < bySecond.size(); i++) {
            Counts c = bySecond.get(i);
            out.add(new Second(from.plusSeconds(i), c == null ? 0 : c.total(), c == null ? 0 : c.ok(),
                    c == null ? 0 : c.serverErrors()));
        }
        return out;
    }

    /** Counts by target instance id, in the order targets first got a request. */
    public Map<String, Counts> byTarget() {
        return Collections.unmodifiableMap(byTarget);
    }

    @Override
    public String toString() {
        return "traffic " + from + " .. " + until + ": " + totals + " " + byStatus;
    }
}

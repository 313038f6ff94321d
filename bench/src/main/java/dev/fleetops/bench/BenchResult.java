package dev.fleetops.bench;

import java.util.List;
import java.util.Locale;

/**
 * What a benchmark measured.
 *
 * @param benchmark name
 * @param method    how it was measured (tool, iterations, workload), for BENCHMARKS.md
 * @param metrics   the numbers, each with its target where the issue names one
 */
public record BenchResult(String benchmark, String method, List<Metric> metrics) {

    /**
     * @param target human-readable target, e.g. ">= 1000000"; empty when there is none
     * @param meets  whether the value meets the target (null: no target)
     */
    public record Metric(String name, double value, String unit, String target, Boolean meets) {

        public static Metric atLeast(String name, double value, String unit, double min) {
            return new Metric(name, value, unit, ">= " + fmt(min), value >= min);
        }

        public static Metric atMost(String name, double value, String unit, double max) {
            return new Metric(name, value, unit, "<= " + fmt(max), value <= max);
        }

        public static Metric info(String name, double value, String unit) {
            return new Metric(name, value, unit, "", null);
        }

        static String fmt(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%,.2f", v);
        }
    }

    public boolean meetsAll() {
        return metrics.stream().allMatch(m -> m.meets() == null || m.meets());
    }
}

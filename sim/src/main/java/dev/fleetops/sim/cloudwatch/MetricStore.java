package dev.fleetops.sim.cloudwatch;

import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.StatisticSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The region's metric datapoints: custom ones from PutMetricData and the AWS ones the simulator publishes
 * (CloudWatchSim), each metric identified as CloudWatch identifies it: namespace, name and the full set of
 * dimensions ("Amazon CloudWatch concepts": Dimensions). Kept for {@link #RETENTION_MILLIS}, the longest range
 * an alarm can evaluate (EvaluationPeriods x Period is at most 7 days).
 */
final class MetricStore {

    static final long RETENTION_MILLIS = 7L * 24 * 3600 * 1000;
    private static final long FUTURE_MILLIS = 2L * 3600 * 1000;
    private static final long PAST_MILLIS = 14L * 24 * 3600 * 1000;
    private static final int MAX_DATA = 1000;
    private static final int MAX_DIMENSIONS = 30;

    /** One datapoint as a statistic set: a single value is {@code (v, 1, v, v)}. */
    record Datapoint(long millis, double sum, double count, double min, double max, String unit) { }

    private final Map<String, List<Datapoint>> metrics = new HashMap<>();

    static String key(String namespace, String name, List<Dimension> dimensions) {
        Map<String, String> sorted = new TreeMap<>();
        for (Dimension d : dimensions) sorted.put(d.name(), d.value());
        return namespace + '\u0000' + name + '\u0000' + sorted;
    }

    void add(String key, Datapoint d) {
        metrics.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
    }

    /** The datapoints of {@code key} in {@code [from, to)}, of {@code unit} when it is given. */
    List<Datapoint> between(String key, long from, long to, String unit) {
        List<Datapoint> all = metrics.get(key);
        if (all == null) return List.of();
        List<Datapoint> out = new ArrayList<>();
        for (Datapoint d : all) {
            if (d.millis() >= from && d.millis() < to && (unit == null || unit.equals(d.unit()))) out.add(d);
        }
        return out;
    }

    void prune(long nowMillis) {
        metrics.values().forEach(l -> l.removeIf(d -> d.millis() < nowMillis - RETENTION_MILLIS));
        metrics.values().removeIf(List::isEmpty);
    }

    /** "Amazon CloudWatch API Reference": PutMetricData, its limits and its errors. */
    PutMetricDataResponse put(PutMetricDataRequest r, long nowMillis) {
        String ns = r.namespace();
        if (ns == null || ns.isEmpty()) throw CloudWatchErrors.missingParameter("Namespace");
        if (ns.length() > 255 || ns.startsWith("AWS/")) throw CloudWatchErrors.invalidValue("Namespace", ns);
        if (!r.hasMetricData() || r.metricData().isEmpty()) throw CloudWatchErrors.missingParameter("MetricData");
        if (r.metricData().size() > MAX_DATA) {
            throw CloudWatchErrors.invalidValue("MetricData", "of " + r.metricData().size() + " members (at most " + MAX_DATA + ")");
        }
        List<Map.Entry<String, Datapoint>> accepted = new ArrayList<>();
        for (int i = 0; i < r.metricData().size(); i++) {
            MetricDatum m = r.metricData().get(i);
            String at = "MetricData.member." + (i + 1);
            if (m.metricName() == null || m.metricName().isEmpty()) throw CloudWatchErrors.missingParameter(at + ".MetricName");
            List<Dimension> dims = m.hasDimensions() ? m.dimensions() : List.of();
            if (dims.size() > MAX_DIMENSIONS) throw CloudWatchErrors.invalidValue(at + ".Dimensions", dims.size() + " dimensions");
            long millis = m.timestamp() == null ? nowMillis : m.timestamp().toEpochMilli();
            if (millis > nowMillis + FUTURE_MILLIS || millis < nowMillis - PAST_MILLIS) {
                throw CloudWatchErrors.invalidValue(at + ".Timestamp", m.timestamp());
            }
            String unit = m.unit() == null ? "None" : m.unitAsString();
            String key = key(ns, m.metricName(), dims);
            int given = (m.value() != null ? 1 : 0) + (m.statisticValues() != null ? 1 : 0) + (m.hasValues() ? 1 : 0);
            if (given > 1) {
                throw CloudWatchErrors.combination("The parameters " + at + ".Value, " + at + ".Values and "
                        + at + ".StatisticValues are mutually exclusive and you have specified more than one.");
            }
            if (given == 0) throw CloudWatchErrors.missingParameter(at + ".Value");
            if (m.value() != null) {
                accepted.add(Map.entry(key, single(finite(m.value(), at + ".Value"), millis, unit)));
            } else if (m.statisticValues() != null) {
                StatisticSet s = m.statisticValues();
                if (s.sum() == null || s.sampleCount() == null || s.minimum() == null || s.maximum() == null) {
                    throw CloudWatchErrors.missingParameter(at + ".StatisticValues");
                }
                accepted.add(Map.entry(key, new Datapoint(millis, finite(s.sum(), at + ".StatisticValues.Sum"),
                        s.sampleCount(), s.minimum(), s.maximum(), unit)));
            } else {
                List<Double> counts = m.hasCounts() ? m.counts() : List.of();
                if (!counts.isEmpty() && counts.size() != m.values().size()) {
                    throw CloudWatchErrors.combination("The parameters " + at + ".Values and " + at
                            + ".Counts must be arrays of the same length.");
                }
                for (int v = 0; v < m.values().size(); v++) {
                    double value = finite(m.values().get(v), at + ".Values.member." + (v + 1));
                    double n = counts.isEmpty() ? 1 : counts.get(v);
                    accepted.add(Map.entry(key, new Datapoint(millis, value * n, n, value, value, unit)));
                }
            }
        }
        accepted.forEach(e -> add(e.getKey(), e.getValue())); // all or nothing: the request was checked first
        return PutMetricDataResponse.builder().build();
    }

    static Datapoint single(double value, long millis, String unit) {
        return new Datapoint(millis, value, 1, value, value, unit);
    }

    private static double finite(Double v, String parameter) {
        if (v == null || v.isNaN() || v.isInfinite()) throw CloudWatchErrors.invalidValue(parameter, v);
        return v;
    }
}

package dev.fleetops.sim.cloudwatch;

import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One metric alarm: its configuration (the PutMetricAlarm request, already checked) and its state, evaluated as
 * "Using Amazon CloudWatch alarms" describes: the last {@code EvaluationPeriods} periods of the metric's
 * statistic, ALARM when {@code DatapointsToAlarm} of them breach the threshold, missing periods treated as
 * {@code TreatMissingData} says (missing, the default: no data at all is INSUFFICIENT_DATA; ignore: the state
 * stays; breaching and notBreaching: counted as such).
 */
final class SimAlarm {

    private static final DateTimeFormatter REASON_TIME =
            DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    final String arn;
    PutMetricAlarmRequest config;
    String metricKey;
    Instant configUpdated;
    StateValue state = StateValue.INSUFFICIENT_DATA;
    String reason = "Unchecked: Initial alarm creation";
    String reasonData;
    Instant stateUpdated;
    Instant stateTransitioned;

    SimAlarm(String arn, PutMetricAlarmRequest config, Instant now) {
        this.arn = arn;
        configure(config, now);
        this.stateUpdated = now;
        this.stateTransitioned = now;
    }

    void configure(PutMetricAlarmRequest c, Instant now) {
        this.config = c;
        this.metricKey = MetricStore.key(c.namespace(), c.metricName(), c.hasDimensions() ? c.dimensions() : List.of());
        this.configUpdated = now;
    }

    String name() {
        return config.alarmName();
    }

    /** Sets the state (SetAlarmState, or an evaluation); the timestamps move only when something changed. */
    void set(StateValue value, String why, String data, Instant now) {
        boolean transition = value != state;
        if (!transition && why.equals(reason)) return;
        state = value;
        reason = why;
        reasonData = data;
        stateUpdated = now;
        if (transition) stateTransitioned = now;
    }

    /** One evaluation at {@code now}, over the periods that ended at or before it. */
    void evaluate(MetricStore store, Instant now) {
        long period = config.period() * 1000L;
        long end = now.toEpochMilli() / period * period;
        int n = config.evaluationPeriods();
        int toAlarm = config.datapointsToAlarm() == null ? n : config.datapointsToAlarm();
        String missing = config.treatMissingData() == null ? "missing" : config.treatMissingData();
        int breaching = 0, present = 0;
        List<String> recent = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            long to = end - k * period;
            List<MetricStore.Datapoint> points = store.between(metricKey, to - period, to, config.unitAsString());
            Boolean breach;
            if (points.isEmpty()) {
                breach = switch (missing) {
                    case "breaching" -> true;
                    case "notBreaching" -> false;
                    default -> null;
                };
            } else {
                double v = statistic(points);
                breach = breaches(v);
                present++;
                recent.add(number(v) + " (" + REASON_TIME.format(Instant.ofEpochMilli(to - period)) + ")");
            }
            if (Boolean.TRUE.equals(breach)) breaching++;
        }
        if (breaching >= toAlarm) {
            set(StateValue.ALARM, "Threshold Crossed: " + breaching + " out of the last " + n + " datapoints " + recent
                    + " " + verb() + " the threshold (" + number(config.threshold()) + ") (minimum " + toAlarm
                    + " datapoint" + (toAlarm == 1 ? "" : "s") + " for OK -> ALARM transition).", data(recent, now), now);
        } else if (present == 0 && (missing.equals("missing") || missing.equals("ignore"))) {
            if (missing.equals("missing")) {
                set(StateValue.INSUFFICIENT_DATA, "Insufficient Data: " + n + " datapoint" + (n == 1 ? " was" : "s were")
                        + " unknown.", data(recent, now), now);
            }
        } else {
            set(StateValue.OK, "Threshold Crossed: " + breaching + " out of the last " + n + " datapoints "
                    + recent + " did not breach the threshold (" + number(config.threshold()) + ").", data(recent, now), now);
        }
    }

    private double statistic(List<MetricStore.Datapoint> points) {
        double sum = 0, count = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (MetricStore.Datapoint d : points) {
            sum += d.sum();
            count += d.count();
            min = Math.min(min, d.min());
            max = Math.max(max, d.max());
        }
        return switch (config.statisticAsString()) {
            case "Sum" -> sum;
            case "SampleCount" -> count;
            case "Minimum" -> min;
            case "Maximum" -> max;
            default -> sum / count; // Average
        };
    }

    private boolean breaches(double v) {
        double t = config.threshold();
        return switch (config.comparisonOperator()) {
            case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> v >= t;
            case GREATER_THAN_THRESHOLD -> v > t;
            case LESS_THAN_THRESHOLD -> v < t;
            case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> v <= t;
            default -> throw new IllegalStateException("refused at PutMetricAlarm: " + config.comparisonOperator());
        };
    }

    private String verb() {
        return config.comparisonOperator() == ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
                ? "were greater than or equal to" : config.comparisonOperator() == ComparisonOperator.GREATER_THAN_THRESHOLD
                ? "were greater than" : config.comparisonOperator() == ComparisonOperator.LESS_THAN_THRESHOLD
                ? "were less than" : "were less than or equal to";
    }

    private String data(List<String> recent, Instant now) {
        return "{\"version\":\"1.0\",\"queryDate\":\"" + now + "\",\"statistic\":\"" + config.statisticAsString()
                + "\",\"period\":" + config.period() + ",\"recentDatapoints\":" + recent.size()
                + ",\"threshold\":" + number(config.threshold()) + "}";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) + ".0" : String.valueOf(v);
    }

    MetricAlarm describe() {
        PutMetricAlarmRequest c = config;
        return MetricAlarm.builder().alarmName(c.alarmName()).alarmArn(arn).alarmDescription(c.alarmDescription())
                .alarmConfigurationUpdatedTimestamp(configUpdated)
                .actionsEnabled(c.actionsEnabled() == null || c.actionsEnabled())
                .okActions(c.hasOkActions() ? c.okActions() : List.of())
                .alarmActions(c.hasAlarmActions() ? c.alarmActions() : List.of())
                .insufficientDataActions(c.hasInsufficientDataActions() ? c.insufficientDataActions() : List.of())
                .stateValue(state).stateReason(reason).stateReasonData(reasonData).stateUpdatedTimestamp(stateUpdated)
                .stateTransitionedTimestamp(stateTransitioned)
                .metricName(c.metricName()).namespace(c.namespace()).statistic(c.statistic())
                .dimensions(c.hasDimensions() ? c.dimensions() : List.of()).period(c.period()).unit(c.unit())
                .evaluationPeriods(c.evaluationPeriods()).datapointsToAlarm(c.datapointsToAlarm())
                .threshold(c.threshold()).comparisonOperator(c.comparisonOperator())
                .treatMissingData(c.treatMissingData()).build();
    }
}

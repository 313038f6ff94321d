package dev.fleetops.sim.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fleetops.json.Json;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DeleteAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsRequest;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmResponse;
import software.amazon.awssdk.services.cloudwatch.model.SetAlarmStateRequest;
import software.amazon.awssdk.services.cloudwatch.model.SetAlarmStateResponse;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The region's metric alarms by name ("Amazon CloudWatch API Reference": PutMetricAlarm, DescribeAlarms,
 * DeleteAlarms, SetAlarmState), listed in name order as CloudWatch lists them. Alarms on one metric with a
 * statistic are modelled; metric math ({@code Metrics}), extended statistics (percentiles) and anomaly detection
 * are refused with a ValidationError naming them. Alarm actions are kept and described, never run.
 */
final class Alarms {

    private static final Set<String> MISSING_DATA = Set.of("breaching", "notBreaching", "ignore", "missing");
    private static final Set<ComparisonOperator> STATIC = Set.of(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            ComparisonOperator.GREATER_THAN_THRESHOLD, ComparisonOperator.LESS_THAN_THRESHOLD,
            ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD);
    private static final long MAX_RANGE_SECONDS = 7L * 24 * 3600;

    private final String region;
    private final String account;
    private final TreeMap<String, SimAlarm> byName = new TreeMap<>();

    Alarms(String region, String account) {
        this.region = region;
        this.account = account;
    }

    Collection<SimAlarm> all() {
        return byName.values();
    }

    PutMetricAlarmResponse put(PutMetricAlarmRequest r, Instant now) {
        check(r);
        SimAlarm existing = byName.get(r.alarmName());
        if (existing != null) existing.configure(r, now); // an update keeps the state until the next evaluation
        else byName.put(r.alarmName(), new SimAlarm("arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + r.alarmName(), r, now));
        return PutMetricAlarmResponse.builder().build();
    }

    private static void check(PutMetricAlarmRequest r) {
        String name = r.alarmName();
        if (name == null || name.isEmpty()) throw CloudWatchErrors.missingParameter("AlarmName");
        if (name.length() > 255) throw constraint("alarmName", name, "Member must have length less than or equal to 255");
        if (r.hasMetrics() && !r.metrics().isEmpty()) {
            throw CloudWatchErrors.validation("Metric math alarms (Metrics) are not modelled by the simulated CloudWatch");
        }
        if (r.thresholdMetricId() != null) {
            throw CloudWatchErrors.validation("Anomaly detection alarms (ThresholdMetricId) are not modelled by the simulated CloudWatch");
        }
        if (r.metricName() == null || r.metricName().isEmpty()) throw CloudWatchErrors.missingParameter("MetricName");
        if (r.namespace() == null || r.namespace().isEmpty()) throw CloudWatchErrors.missingParameter("Namespace");
        if (r.statistic() != null && r.extendedStatistic() != null) {
            throw CloudWatchErrors.combination("Statistic and ExtendedStatistic must not both be specified.");
        }
        if (r.extendedStatistic() != null) {
            throw CloudWatchErrors.validation("Extended statistics (" + r.extendedStatistic() + ") are not modelled by the simulated CloudWatch");
        }
        if (r.statisticAsString() == null) throw CloudWatchErrors.missingParameter("Statistic");
        if (r.statistic() == Statistic.UNKNOWN_TO_SDK_VERSION) {
            throw constraint("statistic", r.statisticAsString(), "Member must satisfy enum value set: [SampleCount, Average, Sum, Minimum, Maximum]");
        }
        if (r.comparisonOperatorAsString() == null) throw CloudWatchErrors.missingParameter("ComparisonOperator");
        if (r.comparisonOperator() == ComparisonOperator.UNKNOWN_TO_SDK_VERSION) {
            throw constraint("comparisonOperator", r.comparisonOperatorAsString(), "Member must satisfy enum value set: " + ComparisonOperator.knownValues());
        }
        if (!STATIC.contains(r.comparisonOperator())) {
            throw CloudWatchErrors.validation("Comparison operator " + r.comparisonOperatorAsString()
                    + " is not modelled by the simulated CloudWatch (anomaly detection)");
        }
        if (r.threshold() == null) throw CloudWatchErrors.missingParameter("Threshold");
        if (r.evaluationPeriods() == null) throw CloudWatchErrors.missingParameter("EvaluationPeriods");
        if (r.evaluationPeriods() < 1) throw constraint("evaluationPeriods", r.evaluationPeriods(), "Member must have value greater than or equal to 1");
        if (r.period() == null) throw CloudWatchErrors.missingParameter("Period");
        int p = r.period();
        if (p < 10 || !(p == 10 || p == 30 || p % 60 == 0)) {
            throw CloudWatchErrors.validation("Period must be 10, 30 or a multiple of 60 (was " + p + ")");
        }
        if ((long) p * r.evaluationPeriods() > MAX_RANGE_SECONDS) {
            throw CloudWatchErrors.validation("The evaluation range (Period x EvaluationPeriods) must not exceed 7 days");
        }
        Integer m = r.datapointsToAlarm();
        if (m != null && (m < 1 || m > r.evaluationPeriods())) {
            throw CloudWatchErrors.validation("DatapointsToAlarm (" + m + ") must be between 1 and EvaluationPeriods (" + r.evaluationPeriods() + ")");
        }
        if (r.treatMissingData() != null && !MISSING_DATA.contains(r.treatMissingData())) {
            throw CloudWatchErrors.validation("TreatMissingData must be one of " + MISSING_DATA + " (was " + r.treatMissingData() + ")");
        }
    }

    DescribeAlarmsResponse describe(DescribeAlarmsRequest r) {
        List<String> names = r.hasAlarmNames() ? r.alarmNames() : List.of();
        if (!names.isEmpty() && r.alarmNamePrefix() != null) {
            throw CloudWatchErrors.combination("AlarmNames and AlarmNamePrefix must not both be specified.");
        }
        if (names.size() > 100) throw constraint("alarmNames", names.size() + " names", "Member must have length less than or equal to 100");
        int max = r.maxRecords() == null ? 50 : r.maxRecords();
        if (max < 1 || max > 100) throw constraint("maxRecords", max, "Member must have value between 1 and 100");
        boolean metricAlarms = !r.hasAlarmTypes() || r.alarmTypes().isEmpty() || r.alarmTypes().contains(AlarmType.METRIC_ALARM);
        String from = r.nextToken() == null ? null : decode(r.nextToken());
        Stream<SimAlarm> candidates = !metricAlarms || r.childrenOfAlarmName() != null || r.parentsOfAlarmName() != null
                ? Stream.empty() // composite alarms are not modelled: none exists to be, or have, a child
                : (from == null ? byName.values() : byName.tailMap(from, true).values()).stream();
        List<SimAlarm> matching = candidates
                .filter(a -> names.isEmpty() || names.contains(a.name()))
                .filter(a -> r.alarmNamePrefix() == null || a.name().startsWith(r.alarmNamePrefix()))
                .filter(a -> r.stateValue() == null || a.state == r.stateValue())
                .filter(a -> r.actionPrefix() == null || actions(a).anyMatch(x -> x.startsWith(r.actionPrefix())))
                .limit(max + 1L).toList();
        List<MetricAlarm> page = new ArrayList<>();
        for (int i = 0; i < Math.min(max, matching.size()); i++) page.add(matching.get(i).describe());
        return DescribeAlarmsResponse.builder().metricAlarms(page).compositeAlarms(List.of())
                .nextToken(matching.size() > max ? encode(matching.get(max).name()) : null).build();
    }

    private static Stream<String> actions(SimAlarm a) {
        PutMetricAlarmRequest c = a.config;
        return Stream.of(c.okActions(), c.alarmActions(), c.insufficientDataActions()).flatMap(List::stream);
    }

    DeleteAlarmsResponse delete(DeleteAlarmsRequest r) {
        List<String> names = r.hasAlarmNames() ? r.alarmNames() : List.of();
        if (names.isEmpty()) throw CloudWatchErrors.missingParameter("AlarmNames");
        if (names.size() > 100) throw constraint("alarmNames", names.size() + " names", "Member must have length less than or equal to 100");
        for (String n : names) if (!byName.containsKey(n)) throw CloudWatchErrors.alarmNotFound(n); // nothing deleted
        names.forEach(byName::remove);
        return DeleteAlarmsResponse.builder().build();
    }

    SetAlarmStateResponse setState(SetAlarmStateRequest r, Instant now) {
        if (r.alarmName() == null) throw CloudWatchErrors.missingParameter("AlarmName");
        if (r.stateValue() == null) throw CloudWatchErrors.missingParameter("StateValue");
        if (r.stateValue() == StateValue.UNKNOWN_TO_SDK_VERSION) {
            throw constraint("stateValue", r.stateValueAsString(), "Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]");
        }
        if (r.stateReason() == null) throw CloudWatchErrors.missingParameter("StateReason");
        if (r.stateReason().length() > 1023) throw constraint("stateReason", "(" + r.stateReason().length() + " characters)", "Member must have length less than or equal to 1023");
        if (r.stateReasonData() != null) {
            try {
                Json.parse(r.stateReasonData());
            } catch (JsonProcessingException e) {
                throw CloudWatchErrors.invalidFormat("StateReasonData is not valid JSON");
            }
        }
        SimAlarm a = byName.get(r.alarmName());
        if (a == null) throw CloudWatchErrors.alarmNotFound(r.alarmName());
        a.set(r.stateValue(), r.stateReason(), r.stateReasonData(), now); // the next evaluation may set it back
        return SetAlarmStateResponse.builder().build();
    }

    /** AWS's wording of a model constraint ("1 validation error detected: Value ... at ... failed to satisfy ..."). */
    private static RuntimeException constraint(String member, Object value, String rule) {
        return CloudWatchErrors.validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + rule);
    }

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("alarm:" + name).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith("alarm:")) return s.substring("alarm:".length());
        } catch (IllegalArgumentException bad) {
            // falls through: not one of ours
        }
        throw CloudWatchErrors.invalidNextToken();
    }
}

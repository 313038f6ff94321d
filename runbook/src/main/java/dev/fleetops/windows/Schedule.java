package dev.fleetops.windows;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A maintenance window's Schedule: {@code cron(...)}, {@code rate(...)} or {@code at(...)} (AWS Systems Manager User
 * Guide: Reference: Cron and rate expressions for Systems Manager).
 */
public sealed interface Schedule {

    String text();

    /** {@code cron(...)}. */
    record Cron(String text, CronExpression expression) implements Schedule { }

    /** {@code rate(n unit)}; days are calendar days in the window's time zone, minutes and hours fixed lengths. */
    record Rate(String text, long amount, Unit unit) implements Schedule {
        public enum Unit { MINUTE, HOUR, DAY }

        public Duration fixedLength() {
            return unit == Unit.MINUTE ? Duration.ofMinutes(amount) : unit == Unit.HOUR ? Duration.ofHours(amount)
                    : Duration.ofDays(amount);
        }
    }

    /** {@code at(yyyy-MM-ddTHH:mm:ss)}: once, at that wall-clock time in the window's time zone. */
    record At(String text, LocalDateTime at) implements Schedule { }

    Pattern FORM = Pattern.compile("^(cron|rate|at)\\((.*)\\)$", Pattern.DOTALL);
    Pattern RATE = Pattern.compile("^(\\d+) (minute|minutes|hour|hours|day|days)$");
    Pattern AT = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$");

    static Schedule parse(String text) {
        if (text.length() > 256) throw new ScheduleError("longer than 256 characters (" + text.length() + ")");
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new ScheduleError("'" + text + "': expected cron(...), rate(...) or at(...), e.g. cron(0 2 ? * SUN *),"
                    + " rate(7 days), at(2026-07-07T15:55:00)");
        }
        String body = m.group(2);
        return switch (m.group(1)) {
            case "cron" -> new Cron(text.trim(), CronExpression.parse(body));
            case "rate" -> rate(text.trim(), body);
            default -> at(text.trim(), body);
        };
    }

    private static Rate rate(String text, String body) {
        Matcher r = RATE.matcher(body.trim());
        if (!r.matches()) {
            throw new ScheduleError(text + ": expected rate(VALUE UNIT) with a positive whole VALUE and a UNIT of"
                    + " minute(s), hour(s) or day(s), e.g. rate(1 hour), rate(30 minutes)");
        }
        long n;
        try {
            n = Long.parseLong(r.group(1));
        } catch (NumberFormatException e) {
            throw new ScheduleError(text + ": the value is too large");
        }
        String unit = r.group(2);
        boolean plural = unit.endsWith("s");
        if (n < 1) throw new ScheduleError(text + ": the value must be a positive number");
        if (n == 1 && plural) {
            throw new ScheduleError(text + ": with a value of 1 the unit must be singular: rate(1 " + unit.substring(0, unit.length() - 1) + ")");
        }
        if (n > 1 && !plural) {
            throw new ScheduleError(text + ": with a value other than 1 the unit must be plural: rate(" + n + " " + unit + "s)");
        }
        Rate.Unit u = unit.startsWith("minute") ? Rate.Unit.MINUTE : unit.startsWith("hour") ? Rate.Unit.HOUR : Rate.Unit.DAY;
        if (u == Rate.Unit.MINUTE && n < 5) {
            throw new ScheduleError(text + ": runs more often than every 5 minutes, which maintenance windows do not support");
        }
        return new Rate(text, n, u);
    }

    private static At at(String text, String body) {
        String b = body.trim();
        if (!AT.matcher(b).matches()) {
            throw new ScheduleError(text + ": expected at(yyyy-MM-ddTHH:mm:ss), e.g. at(2026-07-07T15:55:00)");
        }
        try {
            return new At(text, LocalDateTime.parse(b));
        } catch (DateTimeParseException e) {
            throw new ScheduleError(text + ": '" + b + "' is not a valid date and time");
        }
    }
}

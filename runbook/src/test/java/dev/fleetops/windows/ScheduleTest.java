package dev.fleetops.windows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Schedule expressions (AWS Systems Manager User Guide: Reference: Cron and rate expressions for Systems Manager) and when they fire, DST included. */
class ScheduleTest {

    static final ZoneId UTC = ZoneId.of("UTC");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Occurrences occ(String schedule, ZoneId zone, Instant anchor) {
        return new Occurrences(Schedule.parse(schedule), zone, 0, Optional.empty(), Optional.empty(), anchor);
    }

    /** The first {@code n} occurrences after {@code from}, as instants in ISO form. */
    static List<String> fires(Occurrences o, String from, int n) {
        List<String> out = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            Optional<Instant> next = o.nextAfter(t);
            if (next.isEmpty()) break;
            out.add(next.get().toString());
            t = next.get();
        }
        return out;
    }

    static List<String> fires(String schedule, String zone, String from, int n) {
        return fires(occ(schedule, ZoneId.of(zone), Instant.parse(from)), from, n);
    }

    @Test
    void awsExamples() {
        // 02:00 the third Thursday of every month (Jan 2026 starts on a Thursday)
        assertThat(fires("cron(0 2 ? * THU#3 *)", "UTC", "2026-01-01T00:00:00Z", 3))
                .containsExactly("2026-01-15T02:00:00Z", "2026-02-19T02:00:00Z", "2026-03-19T02:00:00Z");
        // 02:00 on the last day of every month, leap years included
        assertThat(fires("cron(0 2 L * ? *)", "UTC", "2028-01-15T00:00:00Z", 3))
                .containsExactly("2028-01-31T02:00:00Z", "2028-02-29T02:00:00Z", "2028-03-31T02:00:00Z");
        // 10:15 on the last Friday of every month
        assertThat(fires("cron(15 10 ? * 6L *)", "UTC", "2026-01-01T00:00:00Z", 2))
                .containsExactly("2026-01-30T10:15:00Z", "2026-02-27T10:15:00Z");
        // 10:15 Monday to Friday
        assertThat(fires("cron(15 10 ? * MON-FRI *)", "UTC", "2026-01-09T11:00:00Z", 2)) // a Friday, after 10:15
                .containsExactly("2026-01-12T10:15:00Z", "2026-01-13T10:15:00Z");
        // 09:30 every day; with a Seconds field, 09:30:24
        assertThat(fires("cron(30 09 ? * * *)", "UTC", "2026-01-05T09:30:00Z", 1)).containsExactly("2026-01-06T09:30:00Z");
        assertThat(fires("cron(24 30 09 ? * * *)", "UTC", "2026-01-05T09:30:00Z", 1)).containsExactly("2026-01-05T09:30:24Z");
        // the UG's third Tuesday at 23:30, 7 fields
        assertThat(fires("cron(0 30 23 ? * TUE#3 *)", "UTC", "2026-01-01T00:00:00Z", 1)).containsExactly("2026-01-20T23:30:00Z");
    }

    @Test
    void stepsRangesListsAndNames() {
        assertThat(fires("cron(0/15 * * * ? *)", "UTC", "2026-01-05T10:07:00Z", 3))
                .containsExactly("2026-01-05T10:15:00Z", "2026-01-05T10:30:00Z", "2026-01-05T10:45:00Z");
        assertThat(fires("cron(5/20 * * * ? *)", "UTC", "2026-01-05T10:00:00Z", 4))
                .containsExactly("2026-01-05T10:05:00Z", "2026-01-05T10:25:00Z", "2026-01-05T10:45:00Z", "2026-01-05T11:05:00Z");
        // every 5 minutes from 08:00 to 17:55, Monday to Friday: after Friday 17:55, Monday 08:00
        assertThat(fires("cron(0/5 8-17 ? * MON-FRI *)", "UTC", "2026-01-09T17:55:00Z", 1)).containsExactly("2026-01-12T08:00:00Z");
        assertThat(fires("cron(0 12 ? JAN,JUL MON *)", "UTC", "2026-01-27T00:00:00Z", 2))
                .containsExactly("2026-07-06T12:00:00Z", "2026-07-13T12:00:00Z");
        assertThat(fires("cron(0 12 1,15 * ? *)", "UTC", "2026-01-01T12:00:00Z", 2))
                .containsExactly("2026-01-15T12:00:00Z", "2026-02-01T12:00:00Z");
        assertThat(fires("cron(0 0 ? * 2-6/2 *)", "UTC", "2026-01-04T00:00:00Z", 3)) // Mon, Wed, Fri
                .containsExactly("2026-01-05T00:00:00Z", "2026-01-07T00:00:00Z", "2026-01-09T00:00:00Z");
        assertThat(fires("cron(0 0 1 */4 ? *)", "UTC", "2026-01-01T00:00:00Z", 2))
                .containsExactly("2026-05-01T00:00:00Z", "2026-09-01T00:00:00Z");
        assertThat(fires("cron(0 6 ? * sun *)", "UTC", "2026-01-05T00:00:00Z", 1)).containsExactly("2026-01-11T06:00:00Z");
    }

    @Test
    void dayOfWeekOneIsSunday() {
        assertThat(fires("cron(0 12 ? * 1 *)", "UTC", "2026-01-05T00:00:00Z", 1)).containsExactly("2026-01-11T12:00:00Z");
        assertThat(fires("cron(0 12 ? * 7 *)", "UTC", "2026-01-05T00:00:00Z", 1)).containsExactly("2026-01-10T12:00:00Z");
        assertThat(fires("cron(0 12 ? * L *)", "UTC", "2026-01-01T00:00:00Z", 1)) // L alone: the last Saturday
                .containsExactly("2026-01-31T12:00:00Z");
    }

    @Test
    void nearestWeekdayStaysInItsMonth() {
        // 15 Feb 2026 is a Sunday -> Monday 16; 15 Aug 2026 a Saturday -> Friday 14
        assertThat(fires("cron(0 9 15W * ? *)", "UTC", "2026-02-01T00:00:00Z", 1)).containsExactly("2026-02-16T09:00:00Z");
        assertThat(fires("cron(0 9 15W * ? *)", "UTC", "2026-08-01T00:00:00Z", 1)).containsExactly("2026-08-14T09:00:00Z");
        // 1 Aug 2026 is a Saturday: not Friday 31 July but Monday 3 August
        assertThat(fires("cron(0 9 1W * ? *)", "UTC", "2026-07-15T00:00:00Z", 1)).containsExactly("2026-08-03T09:00:00Z");
        // 31 May 2026 is a Sunday: not Monday 1 June but Friday 29 May
        assertThat(fires("cron(0 9 31W * ? *)", "UTC", "2026-05-01T00:00:00Z", 1)).containsExactly("2026-05-29T09:00:00Z");
        // LW: the last weekday; 31W skips months without a 31st
        assertThat(fires("cron(0 9 LW * ? *)", "UTC", "2026-01-01T00:00:00Z", 2))
                .containsExactly("2026-01-30T09:00:00Z", "2026-02-27T09:00:00Z");
        assertThat(fires("cron(0 9 31W * ? *)", "UTC", "2026-06-01T00:00:00Z", 1)).containsExactly("2026-07-31T09:00:00Z");
    }

    @Test
    void timeZonesAndDaylightSaving() {
        // 16:00 on Tuesdays in Los Angeles (PST, UTC-8) is 00:00 UTC on Wednesday
        assertThat(fires("cron(0 16 ? * TUE *)", "America/Los_Angeles", "2026-01-05T09:00:00Z", 1))
                .containsExactly("2026-01-07T00:00:00Z");
        // New York springs forward on 8 March 2026 at 02:00: 02:30 does not exist that night and fires at 03:00 EDT
        assertThat(fires("cron(30 2 * * ? *)", "America/New_York", "2026-03-06T12:00:00Z", 3))
                .containsExactly("2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z");
        // ...and falls back on 1 November at 02:00: 01:30 happens twice and fires once, the first time (EDT)
        assertThat(fires("cron(30 1 * * ? *)", "America/New_York", "2026-10-31T12:00:00Z", 2))
                .containsExactly("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z");
        // hourly across the fall-back: the repeated 01:00 runs once
        assertThat(fires("cron(0 * * * ? *)", "America/New_York", "2026-11-01T03:30:00Z", 4))
                .containsExactly("2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z");
        // every 30 minutes across the spring-forward gap: 02:00 and 02:30 both map to 03:00, which fires once
        assertThat(fires("cron(0/30 * * * ? *)", "America/New_York", "2026-03-08T06:15:00Z", 4))
                .containsExactly("2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z", "2026-03-08T08:00:00Z");
        // a daily window in Sydney keeps its wall-clock time when DST ends there (5 April 2026, 03:00 AEDT -> 02:00
        // AEST): 03:00 on the 4th is UTC+11, on the 5th and 6th UTC+10
        assertThat(fires("cron(0 3 * * ? *)", "Australia/Sydney", "2026-04-03T00:00:00Z", 3))
                .containsExactly("2026-04-03T16:00:00Z", "2026-04-04T17:00:00Z", "2026-04-05T17:00:00Z");
    }

    @Test
    void yearsAndExpressionsThatNeverFire() {
        assertThat(fires("cron(0 0 1 1 ? 2027)", "UTC", "2026-01-05T00:00:00Z", 3)).containsExactly("2027-01-01T00:00:00Z");
        assertThat(fires("cron(0 0 1 1 ? 2027-2029/2)", "UTC", "2026-01-05T00:00:00Z", 3))
                .containsExactly("2027-01-01T00:00:00Z", "2029-01-01T00:00:00Z");
        assertThat(fires("cron(0 0 30 2 ? *)", "UTC", "2026-01-05T00:00:00Z", 1)).isEmpty();
        assertThat(fires("cron(0 0 ? * 2#5 2026)", "UTC", "2026-01-01T00:00:00Z", 5)) // fifth Mondays of 2026
                .containsExactly("2026-03-30T00:00:00Z", "2026-06-29T00:00:00Z", "2026-08-31T00:00:00Z", "2026-11-30T00:00:00Z");
    }

    @Test
    void ratesCountFromTheAnchorAndDaysAreCalendarDays() {
        assertThat(fires("rate(1 hour)", "UTC", "2026-01-05T09:00:00Z", 3))
                .containsExactly("2026-01-05T10:00:00Z", "2026-01-05T11:00:00Z", "2026-01-05T12:00:00Z");
        assertThat(fires("rate(30 minutes)", "UTC", "2026-01-05T09:00:00Z", 2))
                .containsExactly("2026-01-05T09:30:00Z", "2026-01-05T10:00:00Z");
        Occurrences o = occ("rate(90 minutes)", UTC, Instant.parse("2026-01-05T09:00:00Z"));
        assertThat(o.nextAfter(Instant.parse("2026-01-05T13:00:00Z"))).contains(Instant.parse("2026-01-05T13:30:00Z"));
        // seven days in New York across the spring-forward: the same wall-clock time, one hour less of UTC
        assertThat(fires("rate(7 days)", "America/New_York", "2026-03-02T17:00:00Z", 2))
                .containsExactly("2026-03-09T16:00:00Z", "2026-03-16T16:00:00Z");
        assertThat(fires("rate(1 day)", "UTC", "2026-01-05T09:00:00Z", 1)).containsExactly("2026-01-06T09:00:00Z");
    }

    @Test
    void atFiresOnceInTheWindowsZone() {
        assertThat(fires("at(2026-07-07T15:55:00)", "Europe/Paris", "2026-01-05T09:00:00Z", 3))
                .containsExactly("2026-07-07T13:55:00Z");
        assertThat(fires("at(2025-07-07T15:55:00)", "UTC", "2026-01-05T09:00:00Z", 3)).isEmpty(); // in the past
    }

    @Test
    void offsetStartAndEndDates() {
        Instant anchor = Instant.parse("2026-01-05T09:00:00Z");
        // the third Tuesday at 23:30, two days later: Thursday 22 January
        Occurrences offset = new Occurrences(Schedule.parse("cron(0 30 23 ? * TUE#3 *)"), UTC, 2, Optional.empty(),
                Optional.empty(), anchor);
        assertThat(fires(offset, "2026-01-05T09:00:00Z", 2)).containsExactly("2026-01-22T23:30:00Z", "2026-02-19T23:30:00Z");
        // created the day after the cron day: that period's offset run does not happen (UG); the next one does
        Occurrences late = new Occurrences(Schedule.parse("cron(0 30 23 ? * TUE#3 *)"), UTC, 2, Optional.empty(),
                Optional.empty(), Instant.parse("2026-01-21T12:00:00Z"));
        assertThat(fires(late, "2026-01-21T12:00:00Z", 1)).containsExactly("2026-02-19T23:30:00Z");
        // an offset that lands in the next period is skipped: daily + 1 day never runs
        Occurrences daily = new Occurrences(Schedule.parse("cron(0 2 * * ? *)"), UTC, 1, Optional.empty(),
                Optional.of(Instant.parse("2026-12-31T00:00:00Z")), anchor);
        assertThat(daily.nextAfter(anchor)).isEmpty();

        Occurrences bounded = new Occurrences(Schedule.parse("cron(0 2 ? * MON *)"), UTC, 0,
                Optional.of(Instant.parse("2026-02-01T00:00:00Z")), Optional.of(Instant.parse("2026-02-20T00:00:00Z")), anchor);
        assertThat(fires(bounded, "2026-01-05T09:00:00Z", 5))
                .containsExactly("2026-02-02T02:00:00Z", "2026-02-09T02:00:00Z", "2026-02-16T02:00:00Z");
        Occurrences rateFromStart = new Occurrences(Schedule.parse("rate(2 hours)"), UTC, 0,
                Optional.of(Instant.parse("2026-01-06T00:00:00Z")), Optional.empty(), anchor);
        assertThat(fires(rateFromStart, "2026-01-05T09:00:00Z", 2)).containsExactly("2026-01-06T02:00:00Z", "2026-01-06T04:00:00Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            cron(0 2 * * *)                 | cron(0 2 * * *) has 5 fields; expected 6 (Minutes Hours Day-of-month Month Day-of-week Year) or 7 with a leading Seconds field
            cron(0 0 2 * * ? * 1)           | cron(0 0 2 * * ? * 1) has 8 fields; expected 6 (Minutes Hours Day-of-month Month Day-of-week Year) or 7 with a leading Seconds field
            cron()                          | cron() has 0 fields; expected 6 (Minutes Hours Day-of-month Month Day-of-week Year) or 7 with a leading Seconds field
            cron(60 2 ? * * *)              | Minutes: 60 is out of range; expected 0-59
            cron(0 24 ? * * *)              | Hours: 24 is out of range; expected 0-23
            cron(0 2 32 * ? *)              | Day-of-month: 32 is out of range; expected 1-31
            cron(0 2 ? 13 MON *)            | Month: 13 is out of range; expected 1-12 or JAN-DEC
            cron(0 2 ? FOO MON *)           | Month: 'FOO' is not a value; expected 1-12 or JAN-DEC
            cron(0 2 ? * 0 *)               | Day-of-week: 0 is out of range; expected 1-7 or SUN-SAT, 1 = Sunday
            cron(0 2 ? * MON-FUN *)         | Day-of-week: 'FUN' is not a value; expected 1-7 or SUN-SAT, 1 = Sunday
            cron(0 2 ? * * 1969)            | Year: 1969 is out of range; expected 1970-2199
            cron(0 2 * * MON *)             | Day-of-month and Day-of-week: one of them must be '?' (got '*' and 'MON'); AWS does not support setting both
            cron(0 2 ? * ? *)               | Day-of-month and Day-of-week: only one of them can be '?'
            cron(0 2 ? * 3#1,6#3 *)         | Day-of-week: '#' allows one expression only (got '3#1,6#3')
            cron(0 2 ? * 3#6 *)             | Day-of-week: '3#6': the week number after '#' must be 1-5
            cron(0 2 ? * 3# *)              | Day-of-week: '3#': expected DAY#N, e.g. THU#3 (the third Thursday)
            cron(0 2 ? * 2W *)              | Day-of-week: 'W' is only allowed in Day-of-month
            cron(0 2 3#1 * ? *)             | Day-of-month: '#' is only allowed in Day-of-week
            cron(0 2 1-5W * ? *)            | Day-of-month: '1-5W': 'W' follows a single day (e.g. 15W, the weekday nearest the 15th) or L (LW)
            cron(0 2 L,15 * ? *)            | Day-of-month: 'L,15': 'L' and 'W' stand alone (L, LW, 15W), not in lists or ranges
            cron(0 2 ? * MON-FRIL *)        | Day-of-week: 'MON-FRIL': 'L' follows a single day (e.g. 6L, the last Friday)
            cron(L 2 ? * * *)               | Minutes: 'L' is only allowed in Day-of-month and Day-of-week
            cron(0 ? * * ? *)               | Hours: '?' is only allowed in Day-of-month and Day-of-week
            cron(0 20-4 ? * * *)            | Hours: '20-4': a range must go upwards (20 is after 4)
            cron(0/0 2 ? * * *)             | Minutes: '0/0': the step after '/' must be at least 1
            cron(0/x 2 ? * * *)             | Minutes: '0/x': the step after '/' must be a number
            cron(0/61 2 ? * * *)            | Minutes: '0/61': step 61 is larger than the field's range 0-59
            cron(0,,5 2 ? * * *)            | Minutes: empty item in '0,,5'
            cron(* * ? * * *)               | cron(* * ? * * *) runs more often than every 5 minutes (1 minute apart), which maintenance windows do not support
            cron(0/2 9 ? * * *)             | cron(0/2 9 ? * * *) runs more often than every 5 minutes (2 minutes apart), which maintenance windows do not support
            cron(1,58 9-10 ? * * *)         | cron(1,58 9-10 ? * * *) runs more often than every 5 minutes (3 minutes apart), which maintenance windows do not support
            cron(0,58 9-10 ? * * *)         | cron(0,58 9-10 ? * * *) runs more often than every 5 minutes (2 minutes apart), which maintenance windows do not support
            cron(0/10 0 2 ? * * *)          | cron(0/10 0 2 ? * * *) runs more often than every 5 minutes (several times a minute), which maintenance windows do not support
            rate(1 hours)                   | rate(1 hours): with a value of 1 the unit must be singular: rate(1 hour)
            rate(5 hour)                    | rate(5 hour): with a value other than 1 the unit must be plural: rate(5 hours)
            rate(0 minutes)                 | rate(0 minutes): the value must be a positive number
            rate(2 minutes)                 | rate(2 minutes): runs more often than every 5 minutes, which maintenance windows do not support
            rate(1 week)                    | rate(1 week): expected rate(VALUE UNIT) with a positive whole VALUE and a UNIT of minute(s), hour(s) or day(s), e.g. rate(1 hour), rate(30 minutes)
            rate(1.5 hours)                 | rate(1.5 hours): expected rate(VALUE UNIT) with a positive whole VALUE and a UNIT of minute(s), hour(s) or day(s), e.g. rate(1 hour), rate(30 minutes)
            at(2026-07-07 15:55:00)         | at(2026-07-07 15:55:00): expected at(yyyy-MM-ddTHH:mm:ss), e.g. at(2026-07-07T15:55:00)
            at(2026-02-30T15:55:00)         | at(2026-02-30T15:55:00): '2026-02-30T15:55:00' is not a valid date and time
            every day at 2                  | 'every day at 2': expected cron(...), rate(...) or at(...), e.g. cron(0 2 ? * SUN *), rate(7 days), at(2026-07-07T15:55:00)
            """)
    void invalidExpressions(String expression, String message) {
        assertThatThrownBy(() -> Schedule.parse(expression)).isInstanceOf(ScheduleError.class).hasMessage(message);
    }
}

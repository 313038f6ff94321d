package dev.fleetops.windows;

import dev.fleetops.windows.CronField.Kind;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * A maintenance-window cron expression (AWS Systems Manager User Guide: Reference: Cron and rate
 * expressions for Systems Manager): {@code [Seconds] Minutes Hours
 * Day-of-month Month Day-of-week Year}, with {@code , - * / ?}, {@code L} and {@code W} in Day-of-month, {@code L},
 * {@code #} in Day-of-week (1 = Sunday), month and day names. Matching is on local (wall-clock) date-times; time
 * zones are {@link Schedule}'s business.
 */
final class CronExpression {

    private final String text;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final DayRule days;
    private final BitSet months;
    private final BitSet years;

    private CronExpression(String text, BitSet seconds, BitSet minutes, BitSet hours, DayRule days, BitSet months,
                           BitSet years) {
        this.text = text;
        this.seconds = seconds;
        this.minutes = minutes;
        this.hours = hours;
        this.days = days;
        this.months = months;
        this.years = years;
    }

    /** Parses the text between {@code cron(} and {@code )}. */
    public static CronExpression parse(String body) {
        String[] f = body.trim().isEmpty() ? new String[0] : body.trim().split("\\s+");
        if (f.length != 6 && f.length != 7) {
            throw new ScheduleError("cron(" + body + ") has " + f.length + " field" + (f.length == 1 ? "" : "s")
                    + "; expected 6 (Minutes Hours Day-of-month Month Day-of-week Year) or 7 with a leading Seconds field");
        }
        int i = f.length == 7 ? 1 : 0;
        BitSet seconds = i == 1 ? plain(Kind.SECONDS, f[0]) : single(0);
        BitSet minutes = plain(Kind.MINUTES, f[i]);
        BitSet hours = plain(Kind.HOURS, f[i + 1]);
        BitSet months = plain(Kind.MONTH, f[i + 3]);
        BitSet years = plain(Kind.YEAR, f[i + 5]);
        DayRule days = DayRule.parse(f[i + 2], f[i + 4]);
        CronExpression c = new CronExpression(body.trim(), seconds, minutes, hours, days, months, years);
        c.checkFrequency();
        return c;
    }

    private static BitSet plain(Kind k, String text) {
        for (char ch : new char[]{'?', 'L', 'W', '#'}) {
            String upper = text.toUpperCase(Locale.ROOT);
            // month names contain no L/W/#; JUL and the like are fine
            boolean inName = k == Kind.MONTH && (ch == 'L' || ch == 'W');
            if (!inName && upper.indexOf(ch) >= 0) {
                throw CronField.error(k, "'" + ch + "' is only allowed in "
                        + (ch == '?' || ch == 'L' ? "Day-of-month and Day-of-week" : ch == 'W' ? "Day-of-month" : "Day-of-week"));
            }
        }
        return CronField.parse(k, text);
    }

    private static BitSet single(int v) {
        BitSet b = new BitSet();
        b.set(v);
        return b;
    }

    /** AWS does not support cron expressions that fire more often than every 5 minutes. */
    private void checkFrequency() {
        if (seconds.cardinality() > 1) {
            throw new ScheduleError("cron(" + text + ") runs more often than every 5 minutes (several times a minute),"
                    + " which maintenance windows do not support");
        }
        int minGap = Integer.MAX_VALUE;
        int first = minutes.nextSetBit(0);
        int prev = first;
        for (int m = minutes.nextSetBit(first + 1); m >= 0; m = minutes.nextSetBit(m + 1)) {
            minGap = Math.min(minGap, m - prev);
            prev = m;
        }
        boolean consecutiveHours = false;
        for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
            if (hours.get((h + 1) % 24)) consecutiveHours = true;
        }
        if (consecutiveHours) minGap = Math.min(minGap, 60 - prev + first);
        if (minGap < 5) {
            throw new ScheduleError("cron(" + text + ") runs more often than every 5 minutes (" + minGap + " minute"
                    + (minGap == 1 ? "" : "s") + " apart), which maintenance windows do not support");
        }
    }

    /** The first matching local date-time strictly after {@code after}; empty if none before the end of 2199. */
    public Optional<LocalDateTime> nextAfter(LocalDateTime after) {
        LocalDateTime t = after.withNano(0).plusSeconds(1);
        LocalDate date = t.toLocalDate();
        LocalTime from = t.toLocalTime();
        while (date.getYear() <= 2199) {
            if (!years.get(date.getYear())) {
                int y = years.nextSetBit(date.getYear() + 1);
                if (y < 0 || y > 2199) return Optional.empty();
                date = LocalDate.of(y, 1, 1);
                from = LocalTime.MIN;
                continue;
            }
            if (!months.get(date.getMonthValue())) {
                int m = months.nextSetBit(date.getMonthValue() + 1);
                date = m < 0 ? LocalDate.of(date.getYear() + 1, 1, 1) : LocalDate.of(date.getYear(), m, 1);
                from = LocalTime.MIN;
                continue;
            }
            if (days.matches(date)) {
                Optional<LocalTime> time = firstTimeAtOrAfter(from);
                if (time.isPresent()) return Optional.of(date.atTime(time.get()));
            }
            date = date.plusDays(1);
            from = LocalTime.MIN;
        }
        return Optional.empty();
    }

    private Optional<LocalTime> firstTimeAtOrAfter(LocalTime from) {
        for (int h = hours.nextSetBit(from.getHour()); h >= 0; h = hours.nextSetBit(h + 1)) {
            int m0 = h == from.getHour() ? from.getMinute() : 0;
            for (int m = minutes.nextSetBit(m0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                int s0 = h == from.getHour() && m == from.getMinute() ? from.getSecond() : 0;
                int s = seconds.nextSetBit(s0);
                if (s >= 0) return Optional.of(LocalTime.of(h, m, s));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "cron(" + text + ")";
    }

    /** Day-of-month or Day-of-week (exactly one of them is '?'). */
    private record DayRule(BitSet daysOfMonth, boolean lastDay, boolean lastWeekday, int nearestWeekdayTo,
                           BitSet daysOfWeek, int lastOfWeekday, int nthWeekday, int nth, boolean byMonth) {

        static DayRule parse(String dom, String dow) {
            boolean domAny = dom.equals("?");
            boolean dowAny = dow.equals("?");
            if (domAny && dowAny) {
                throw new ScheduleError("Day-of-month and Day-of-week: only one of them can be '?'");
            }
            if (!domAny && !dowAny) {
                throw new ScheduleError("Day-of-month and Day-of-week: one of them must be '?' (got '" + dom
                        + "' and '" + dow + "'); AWS does not support setting both");
            }
            return dowAny ? dayOfMonth(dom.toUpperCase(Locale.ROOT)) : dayOfWeek(dow.toUpperCase(Locale.ROOT));
        }

        private static DayRule dayOfMonth(String s) {
            Kind k = Kind.DAY_OF_MONTH;
            if (s.contains("#")) throw CronField.error(k, "'#' is only allowed in Day-of-week");
            if (s.equals("L")) return new DayRule(null, true, false, 0, null, 0, 0, 0, true);
            if (s.equals("LW")) return new DayRule(null, false, true, 0, null, 0, 0, 0, true);
            if (s.endsWith("W")) {
                String n = s.substring(0, s.length() - 1);
                if (!n.matches("\\d{1,2}")) {
                    throw CronField.error(k, "'" + s + "': 'W' follows a single day (e.g. 15W, the weekday nearest the 15th) or L (LW)");
                }
                return new DayRule(null, false, false, CronField.value(k, n), null, 0, 0, 0, true);
            }
            if (s.contains("L") || s.contains("W")) {
                throw CronField.error(k, "'" + s + "': 'L' and 'W' stand alone (L, LW, 15W), not in lists or ranges");
            }
            return new DayRule(CronField.parse(k, s), false, false, 0, null, 0, 0, 0, true);
        }

        private static DayRule dayOfWeek(String s) {
            Kind k = Kind.DAY_OF_WEEK;
            if (s.contains("W")) throw CronField.error(k, "'W' is only allowed in Day-of-month");
            if (s.contains("#")) {
                if (s.contains(",")) throw CronField.error(k, "'#' allows one expression only (got '" + s + "')");
                String[] p = s.split("#", -1);
                if (p.length != 2 || !p[1].matches("\\d")) {
                    throw CronField.error(k, "'" + s + "': expected DAY#N, e.g. THU#3 (the third Thursday)");
                }
                int n = Integer.parseInt(p[1]);
                if (n < 1 || n > 5) throw CronField.error(k, "'" + s + "': the week number after '#' must be 1-5");
                return new DayRule(null, false, false, 0, null, 0, CronField.value(k, p[0]), n, false);
            }
            if (s.equals("L")) return new DayRule(null, false, false, 0, null, 7, 0, 0, false); // last Saturday
            if (s.endsWith("L")) {
                String d = s.substring(0, s.length() - 1);
                if (d.contains(",") || d.contains("-") || d.contains("/") || d.contains("*")) {
                    throw CronField.error(k, "'" + s + "': 'L' follows a single day (e.g. 6L, the last Friday)");
                }
                return new DayRule(null, false, false, 0, null, CronField.value(k, d), 0, 0, false);
            }
            if (s.contains("L")) throw CronField.error(k, "'" + s + "': 'L' follows a single day (e.g. 6L, the last Friday)");
            return new DayRule(null, false, false, 0, CronField.parse(k, s), 0, 0, 0, false);
        }

        boolean matches(LocalDate d) {
            int day = d.getDayOfMonth();
            int length = d.lengthOfMonth();
            if (byMonth) {
                if (lastDay) return day == length;
                if (lastWeekday) return day == nearestWeekday(d.withDayOfMonth(length));
                if (nearestWeekdayTo > 0) {
                    return nearestWeekdayTo <= length && day == nearestWeekday(d.withDayOfMonth(nearestWeekdayTo));
                }
                return daysOfMonth.get(day);
            }
            int dow = cronDay(d.getDayOfWeek());
            if (lastOfWeekday > 0) return dow == lastOfWeekday && day + 7 > length;
            if (nthWeekday > 0) return dow == nthWeekday && (day - 1) / 7 + 1 == nth;
            return daysOfWeek.get(dow);
        }

        /** The weekday nearest {@code d} within its month (Saturday -> Friday, Sunday -> Monday, not across months). */
        private static int nearestWeekday(LocalDate d) {
            int day = d.getDayOfMonth();
            return switch (d.getDayOfWeek()) {
                case SATURDAY -> day == 1 ? 3 : day - 1;
                case SUNDAY -> day == d.lengthOfMonth() ? day - 2 : day + 1;
                default -> day;
            };
        }

        private static int cronDay(DayOfWeek d) {
            return d.getValue() % 7 + 1; // Sunday = 1 ... Saturday = 7
        }
    }
}

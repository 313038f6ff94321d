package dev.fleetops.windows;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/** One plain cron field: a set of allowed values built from {@code , - * /} and names. */
final class CronField {

    static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC");
    static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** A field's name, range and names (JAN = 1, SUN = 1). */
    record Kind(String name, int min, int max, List<String> names, String hint) {
        static final Kind SECONDS = new Kind("Seconds", 0, 59, List.of(), "0-59");
        static final Kind MINUTES = new Kind("Minutes", 0, 59, List.of(), "0-59");
        static final Kind HOURS = new Kind("Hours", 0, 23, List.of(), "0-23");
        static final Kind DAY_OF_MONTH = new Kind("Day-of-month", 1, 31, List.of(), "1-31");
        static final Kind MONTH = new Kind("Month", 1, 12, MONTHS, "1-12 or JAN-DEC");
        static final Kind DAY_OF_WEEK = new Kind("Day-of-week", 1, 7, DAYS, "1-7 or SUN-SAT, 1 = Sunday");
        static final Kind YEAR = new Kind("Year", 1970, 2199, List.of(), "1970-2199");
    }

    private CronField() { }

    /** Parses a list of {@code *}, {@code v}, {@code a-b}, with an optional {@code /step}, into a set. */
    static BitSet parse(Kind k, String text) {
        BitSet set = new BitSet(k.max() + 1);
        if (text.isEmpty()) throw error(k, "empty value");
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) throw error(k, "empty item in '" + text + "'");
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                String s = item.substring(slash + 1);
                if (!s.matches("\\d{1,4}")) throw error(k, "'" + item + "': the step after '/' must be a number");
                step = Integer.parseInt(s);
                if (step < 1) throw error(k, "'" + item + "': the step after '/' must be at least 1");
                if (step > k.max() - k.min() + 1 && k != Kind.YEAR) {
                    throw error(k, "'" + item + "': step " + step + " is larger than the field's range " + k.hint());
                }
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = k.min();
                to = k.max();
            } else {
                int dash = range.indexOf('-', 1);
                if (dash >= 0) {
                    from = value(k, range.substring(0, dash));
                    to = value(k, range.substring(dash + 1));
                    if (to < from) {
                        throw error(k, "'" + range + "': a range must go upwards (" + from + " is after " + to + ")");
                    }
                } else {
                    from = value(k, range);
                    to = slash >= 0 ? k.max() : from; // 5/15 = from 5 to the end, every 15
                }
            }
            for (int v = from; v <= to; v += step) set.set(v);
        }
        return set;
    }

    static int value(Kind k, String text) {
        String t = text.toUpperCase(Locale.ROOT);
        int named = k.names().indexOf(t);
        if (named >= 0) return named + 1;
        if (!t.matches("\\d{1,4}")) {
            throw error(k, "'" + text + "' is not a value; expected " + k.hint());
        }
        int v = Integer.parseInt(t);
        if (v < k.min() || v > k.max()) throw error(k, v + " is out of range; expected " + k.hint());
        return v;
    }

    static ScheduleError error(Kind k, String problem) {
        return new ScheduleError(k.name() + ": " + problem);
    }
}

package dev.fleetops.windows;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * When a window's schedule fires, in its time zone, within its StartDate/EndDate, with its ScheduleOffset.
 *
 * <p>Wall-clock rules (docs/maintenance-windows.md): a local time that falls in a daylight-saving gap fires when
 * the clocks jump (02:30 on a spring-forward night fires at 03:00); a local time that occurs twice fires once, the
 * first time.
 *
 * @param anchor when the schedule started (the window's creation): rate schedules count from it (or StartDate),
 *               and no cron fire before it is offset into the future
 */
record Occurrences(Schedule schedule, ZoneId zone, int offsetDays, Optional<Instant> startDate,
                          Optional<Instant> endDate, Instant anchor) {

    /** The first occurrence strictly after {@code after}, or empty when there is none left. */
    public Optional<Instant> nextAfter(Instant after) {
        Instant from = after;
        if (startDate.isPresent() && from.isBefore(startDate.get())) from = startDate.get().minusNanos(1);
        Optional<Instant> next;
        if (schedule instanceof Schedule.Cron c) {
            next = cronNext(c.expression(), from);
        } else if (schedule instanceof Schedule.Rate r) {
            next = rateNext(r, from);
        } else {
            Instant at = resolve(((Schedule.At) schedule).at(), zone);
            next = at.isAfter(from) && !at.isBefore(anchor) ? Optional.of(at) : Optional.empty();
        }
        if (next.isPresent() && endDate.isPresent() && next.get().isAfter(endDate.get())) return Optional.empty();
        return next;
    }

    private Optional<Instant> cronNext(CronExpression cron, Instant after) {
        if (offsetDays == 0) return cronFire(cron, after);
        // An offset run belongs to the cron fire offsetDays earlier; fires before the anchor never run.
        Instant t = after.minus(Duration.ofDays(offsetDays + 1L));
        if (t.isBefore(anchor)) t = anchor;
        while (true) {
            Optional<Instant> fire = cronFire(cron, t);
            if (fire.isEmpty() || endDate.isPresent() && fire.get().isAfter(endDate.get())) return Optional.empty();
            Instant run = ZonedDateTime.ofInstant(fire.get(), zone).plusDays(offsetDays).toInstant();
            Optional<Instant> following = cronFire(cron, fire.get());
            boolean intoNextPeriod = following.isPresent() && !run.isBefore(following.get());
            if (run.isAfter(after) && !intoNextPeriod) return Optional.of(run);
            t = fire.get();
        }
    }

    /** The first cron fire strictly after {@code after}, local candidates mapped to instants by the wall-clock rules. */
    static Optional<Instant> cronFire(CronExpression cron, Instant after, ZoneId zone) {
        LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
        while (true) {
            Optional<LocalDateTime> local = cron.nextAfter(cursor);
            if (local.isEmpty()) return Optional.empty();
            Instant i = resolve(local.get(), zone);
            if (i.isAfter(after)) return Optional.of(i);
            cursor = local.get();
        }
    }

    private Optional<Instant> cronFire(CronExpression cron, Instant after) {
        return cronFire(cron, after, zone);
    }

    private Optional<Instant> rateNext(Schedule.Rate r, Instant after) {
        Instant base = startDate.orElse(anchor);
        if (r.unit() == Schedule.Rate.Unit.DAY) {
            ZonedDateTime b = ZonedDateTime.ofInstant(base, zone);
            long k = Math.max(1, Duration.between(base, after).toDays() / r.amount());
            ZonedDateTime at = b.plusDays(k * r.amount());
            while (k > 1 && at.toInstant().isAfter(after)) at = b.plusDays(--k * r.amount());
            while (!at.toInstant().isAfter(after)) at = b.plusDays(++k * r.amount());
            return Optional.of(at.toInstant());
        }
        long period = r.fixedLength().toNanos();
        long elapsed = Duration.between(base, after).toNanos();
        long k = elapsed < 0 ? 1 : Math.max(1, elapsed / period + 1);
        return Optional.of(base.plusNanos(k * period));
    }

    /** A wall-clock time to an instant: a time in a gap maps to the jump, a repeated time to its first occurrence. */
    static Instant resolve(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition t = zone.getRules().getTransition(local);
        if (t != null && t.isGap()) return t.getInstant();
        return local.atZone(zone).toInstant();
    }
}

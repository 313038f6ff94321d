package dev.fleetops.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VirtualSchedulerTest {

    private final VirtualScheduler time = new VirtualScheduler();

    @Test
    void jumpsToTheNextDueTaskWhenNothingIsRunnable() {
        List<String> seen = new ArrayList<>();
        time.schedule(Duration.ofHours(1), () -> seen.add("hour@" + time.elapsed()));
        time.schedule(Duration.ofSeconds(5), () -> seen.add("five@" + time.elapsed()));
        time.runUntilIdle();
        assertThat(seen).containsExactly("five@PT5S", "hour@PT1H");
        assertThat(time.processed()).isEqualTo(2);
    }

    @Test
    void tasksDueAtTheSameInstantRunInSubmissionOrder() {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            time.schedule(Duration.ofSeconds(1), () -> seen.add(n));
        }
        time.runUntilIdle();
        assertThat(seen).isSortedAccordingTo(Integer::compare).hasSize(100);
    }

    @Test
    void cancelledTasksNeverRun() {
        List<String> seen = new ArrayList<>();
        var handle = time.schedule(Duration.ofSeconds(1), () -> seen.add("cancelled"));
        time.schedule(Duration.ofSeconds(2), () -> seen.add("kept"));
        assertThat(handle.cancel()).isTrue();
        time.runUntilIdle();
        assertThat(seen).containsExactly("kept");
        assertThat(handle.cancel()).isFalse();
    }

    @Test
    void runForLeavesTheClockExactlyThatMuchLaterAndKeepsLaterTasks() {
        List<String> seen = new ArrayList<>();
        time.schedule(Duration.ofSeconds(10), () -> seen.add("early"));
        time.schedule(Duration.ofSeconds(100), () -> seen.add("late"));
        time.runFor(Duration.ofSeconds(30));
        assertThat(seen).containsExactly("early");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(30));
        assertThat(time.pending()).isEqualTo(1);
    }

    @Test
    void awaitDrivesTimeUntilTheFutureCompletes() {
        CompletableFuture<String> f = time.delay(Duration.ofMinutes(3)).thenApply(v -> "done at " + time.elapsed());
        assertThat(time.await(f, Duration.ofHours(1))).isEqualTo("done at PT3M");
    }

    @Test
    void awaitFailsClearlyWhenNothingCanCompleteTheFuture() {
        CompletableFuture<String> never = new CompletableFuture<>();
        assertThatThrownBy(() -> time.await(never, Duration.ofHours(1)))
                .hasMessageContaining("nothing left to run");
    }

    @Test
    void cancellingADelayCancelsItsTimer() {
        CompletableFuture<Void> d = time.delay(Duration.ofSeconds(5));
        d.cancel(false);
        time.runUntilIdle();
        assertThat(time.processed()).isZero();
    }

    @Test
    void scheduledExecutorViewRunsInVirtualTime() throws Exception {
        var exec = time.asScheduledExecutorService();
        var f = exec.schedule(() -> time.elapsed(), 15, TimeUnit.SECONDS);
        assertThat(f.getDelay(TimeUnit.SECONDS)).isEqualTo(15);
        time.runUntilIdle();
        assertThat(f.get()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void tasksScheduledFromAnotherThreadAreTakenInRelativeToVirtualNow() throws Exception {
        time.runFor(Duration.ofMinutes(1));
        List<Duration> seen = new ArrayList<>();
        Thread t = new Thread(() -> time.schedule(Duration.ofSeconds(2), () -> seen.add(time.elapsed())));
        t.start();
        t.join();
        time.runUntilIdle();
        assertThat(seen).containsExactly(Duration.ofSeconds(62));
    }

    @Test
    void timersDueAtTheSameInstantRunInSubmissionOrderWhicheverWayTheyArrive() throws Exception {
        // Beyond the timing wheel (an hour ahead), on it (seconds ahead), from another thread, from a task running at
        // that instant, and after the clock stopped short of it: one instant, submission order.
        List<String> seen = new ArrayList<>();
        Duration hour = Duration.ofHours(1);
        time.schedule(hour, () -> {
            seen.add("a, an hour ahead");
            time.schedule(Duration.ZERO, () -> seen.add("f, from a, now"));
        });
        time.schedule(Duration.ofSeconds(3600), () -> seen.add("b, an hour ahead"));
        time.schedule(hour.plusNanos(1), () -> seen.add("g, a nanosecond later"));
        time.runFor(hour.minusSeconds(10));
        time.schedule(Duration.ofSeconds(10), () -> seen.add("c, ten seconds ahead"));
        Thread other = new Thread(() -> time.schedule(Duration.ofSeconds(10), () -> seen.add("d, another thread")));
        other.start();
        other.join();
        time.runFor(Duration.ofSeconds(10).minusNanos(1)); // the clock stops one nanosecond short
        time.schedule(Duration.ofNanos(1), () -> seen.add("e, one nanosecond ahead"));
        time.runUntilIdle();
        assertThat(seen).containsExactly("a, an hour ahead", "b, an hour ahead", "c, ten seconds ahead",
                "d, another thread", "e, one nanosecond ahead", "f, from a, now", "g, a nanosecond later");
        assertThat(time.elapsed()).isEqualTo(hour.plusNanos(1));
    }

    @Test
    void everyTaskRunsOnceAtItsDueTimeInDueTimeThenSubmissionOrder() {
        // The ordering contract, checked against the tasks' own record of when they were due, over delays from zero
        // to hours (same slot, near and far wheel slots, beyond the wheel), tasks scheduling and cancelling tasks,
        // and the clock driven in uneven steps from outside.
        Random random = new Random(42);
        List<long[]> ran = new ArrayList<>(); // {due, submission}
        List<Scheduler.Cancellable> handles = new ArrayList<>();
        Set<Integer> cancelled = new HashSet<>();
        int[] submitted = {0};
        Runnable[] submit = new Runnable[1];
        submit[0] = () -> {
            int id = submitted[0]++;
            long delay = delay(random);
            long due = time.elapsedNanos() + delay;
            handles.add(time.scheduleNanos(delay, () -> {
                assertThat(time.elapsedNanos()).isEqualTo(due);
                ran.add(new long[] {due, id});
                int children = submitted[0] < 60_000 ? random.nextInt(3) : 0;
                for (int c = 0; c < children; c++) submit[0].run();
                if (random.nextInt(10) == 0) {
                    int victim = random.nextInt(handles.size());
                    if (handles.get(victim).cancel()) cancelled.add(victim);
                }
            }));
        };
        for (int i = 0; i < 2_000; i++) submit[0].run();
        while (time.pending() > 0) {
            time.runFor(Duration.ofNanos(random.nextInt(4) == 0 ? random.nextInt(1 << 20) : random.nextLong(30_000_000_000L)));
            if (random.nextInt(3) == 0) submit[0].run();
        }
        assertThat(ran).hasSize(submitted[0] - cancelled.size());
        for (int i = 1; i < ran.size(); i++) {
            long[] a = ran.get(i - 1);
            long[] b = ran.get(i);
            assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])).as("task %d before task %d", a[1], b[1]).isTrue();
        }
        for (long[] r : ran) assertThat(cancelled).doesNotContain((int) r[1]);
    }

    @Test
    void aReusableTimerRunsInTheOrderSchedulingAnewWouldGive() {
        // The same self-rescheduling tasks, once scheduled anew on every run and once on reusable timers, beside
        // one-shot tasks at the same instants: the same runs in the same order at the same times.
        assertThat(periodicRuns(false)).isEqualTo(periodicRuns(true)).hasSizeGreaterThan(1_000);
    }

    private static List<String> periodicRuns(boolean timers) {
        VirtualScheduler s = new VirtualScheduler();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            long every = 1_000_000_000L + (i % 5) * 250_000_000L;
            Runnable[] self = new Runnable[1];
            VirtualScheduler.Timer[] timer = new VirtualScheduler.Timer[1];
            self[0] = () -> {
                seen.add(n + "@" + s.elapsedNanos());
                if (timers) timer[0].armNanos(every);
                else s.scheduleNanos(every, self[0]);
                if (n % 7 == 0) s.scheduleNanos(every / 2, () -> seen.add("once " + n + "@" + s.elapsedNanos()));
            };
            if (timers) {
                timer[0] = s.timer(self[0]);
                timer[0].armNanos(every / 2);
            } else {
                s.scheduleNanos(every / 2, self[0]);
            }
        }
        s.runFor(Duration.ofSeconds(30));
        return seen;
    }

    @Test
    void armingAPendingTimerReplacesItsRunAndACancelledOneCanBeArmedAgain() {
        List<Duration> seen = new ArrayList<>();
        VirtualScheduler.Timer timer = time.timer(() -> seen.add(time.elapsed()));
        timer.armNanos(5_000_000_000L);
        timer.armNanos(2_000_000_000L); // replaces the run at 5 s
        time.runFor(Duration.ofSeconds(10));
        assertThat(seen).containsExactly(Duration.ofSeconds(2));
        assertThat(timer.cancel()).as("nothing pending").isFalse();

        timer.armNanos(1_000_000_000L);
        assertThat(timer.cancel()).isTrue();
        timer.armNanos(3_000_000_000L); // its cancelled run is still queued: armed afresh beside it
        time.runFor(Duration.ofSeconds(10));
        assertThat(seen).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(13));
        assertThat(time.processed()).isEqualTo(2);
    }

    private static long delay(Random random) {
        return switch (random.nextInt(10)) {
            case 0, 1 -> 0;
            case 2, 3 -> random.nextInt(1 << 21); // the slot being read or the next
            case 4, 5, 6, 7 -> random.nextLong(20_000_000_000L); // on the wheel, and just beyond it
            case 8 -> random.nextLong(7_200_000_000_000L);
            default -> random.nextInt(3) * 5_000_000_000L; // the same instants again and again
        };
    }
}

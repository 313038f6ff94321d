package dev.fleetops.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
}

package dev.fleetops.time;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Virtual time waits for outside work (a script in real time) instead of running away while it runs. */
class OutsideWorkTest {

    @Test
    void heldTimeRunsOnlyTheOutsideCallsAndSleepsThenMovesOnWhenReleased() throws Exception {
        VirtualScheduler time = new VirtualScheduler();
        Instant start = time.now();
        List<String> log = new ArrayList<>();
        time.schedule(Duration.ofSeconds(30), () -> log.add("tick at " + Duration.between(start, time.now()).toSeconds()));
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<Object> seen = new ArrayList<>();
        time.schedule(Duration.ZERO, () -> {
            AutoCloseable hold = time.holdForOutsideWork();
            Thread outside = new Thread(() -> {
                // a call answered at the current instant, then a 10 s sleep, another call, then the end
                seen.add(time.callFromOutside(() -> CompletableFuture.completedFuture(time.now())).join());
                seen.add(time.advanceFromOutside(Duration.ofSeconds(10)).join());
                seen.add(time.callFromOutside(() -> time.delay(Duration.ofSeconds(2)).thenApply(v -> time.now())).join());
                seen.add(List.copyOf(log));
                time.schedule(Duration.ZERO, () -> {
                    try {
                        hold.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    done.complete(null);
                });
            });
            outside.start();
        });
        time.await(done, Duration.ofHours(1));
        assertThat(seen).containsExactly(start, start.plusSeconds(10), start.plusSeconds(12), List.of());
        assertThat(time.now()).isEqualTo(start.plusSeconds(12));
        time.runFor(Duration.ofMinutes(1));
        assertThat(log).containsExactly("tick at 30");
    }

    @Test
    void awaitWaitsForOutsideWorkWhereItWouldFindNothingLeftToRun() {
        VirtualScheduler time = new VirtualScheduler();
        CompletableFuture<String> result = new CompletableFuture<>();
        time.schedule(Duration.ZERO, () -> {
            AutoCloseable hold = time.holdForOutsideWork();
            new Thread(() -> time.schedule(Duration.ZERO, () -> {
                try {
                    hold.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                result.complete("finished outside");
            })).start();
        });
        assertThat(time.await(result, Duration.ofSeconds(1))).isEqualTo("finished outside");
        assertThat(time.elapsed()).isZero();
    }
}

package dev.fleetops.journal;

import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recovered executions are continued a few at a time, oldest first, and a long one does not hold the rest back. */
class InTurnTest {

    private final VirtualScheduler time = new VirtualScheduler();
    private final List<String> started = new ArrayList<>();
    private final Map<String, CompletableFuture<String>> running = new HashMap<>();

    private CompletionStage<String> work(String item) {
        started.add(item);
        CompletableFuture<String> f = new CompletableFuture<>();
        running.put(item, f);
        return f;
    }

    @Test
    void atMostAtOnceAreStartedAndTheNextStartsWhenOneEnds() {
        CompletionStage<List<String>> all = InTurn.run(List.of("a", "b", "c", "d"), 2, Duration.ofSeconds(10), time, this::work);
        assertThat(started).containsExactly("a", "b");

        running.get("b").complete("B");
        assertThat(started).containsExactly("a", "b", "c");
        running.get("a").complete("A");
        running.get("c").complete("C");
        assertThat(started).containsExactly("a", "b", "c", "d");
        running.get("d").complete("D");

        assertThat(all.toCompletableFuture().join()).as("results in the order of the items").containsExactly("A", "B", "C", "D");
    }

    @Test
    void oneThatRunsLongerThanItsTurnLetsTheNextOneStart() {
        CompletionStage<List<String>> all = InTurn.run(List.of("waits", "next"), 1, Duration.ofSeconds(10), time, this::work);
        time.runFor(Duration.ofSeconds(9));
        assertThat(started).containsExactly("waits");

        time.runFor(Duration.ofSeconds(1));
        assertThat(started).as("after its 10 s turn").containsExactly("waits", "next");

        running.get("next").complete("N");
        running.get("waits").complete("W");
        assertThat(all.toCompletableFuture().join()).containsExactly("W", "N");
        assertThat(started).as("an item ending after its turn starts nothing more").hasSize(2);
    }

    @Test
    void aFailedOneFailsTheWholeButTheOthersStillRun() {
        CompletionStage<List<String>> all = InTurn.run(List.of("bad", "good"), 1, Duration.ofSeconds(10), time, this::work);
        running.get("bad").completeExceptionally(new IllegalStateException("store down"));
        assertThat(started).containsExactly("bad", "good");
        running.get("good").complete("G");

        assertThatThrownBy(() -> all.toCompletableFuture().join()).hasRootCauseMessage("store down");
    }

    @Test
    void workThatThrowsCountsAsFailedAndHandsOn() {
        CompletionStage<List<String>> all = InTurn.run(List.of("throws", "good"), 1, Duration.ofSeconds(10), time, item -> {
            if (item.equals("throws")) throw new IllegalArgumentException("no such rule");
            return work(item);
        });
        assertThat(started).containsExactly("good");
        running.get("good").complete("G");
        assertThatThrownBy(() -> all.toCompletableFuture().join()).hasRootCauseMessage("no such rule");
    }

    @Test
    void nothingToContinueEndsAtOnce() {
        assertThat(InTurn.run(List.<String>of(), time, this::work).toCompletableFuture().join()).isEmpty();
        assertThatThrownBy(() -> InTurn.run(List.of("a"), 0, Duration.ofSeconds(1), time, this::work))
                .hasMessageContaining("at least one");
    }
}

package dev.fleetops.runbook.engine;

import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Execution ids on the simulator with a journal: unique per run in one store, the same in a fresh store. */
class JournaledIdsTest {

    static final String DOC = """
            schemaVersion: '0.3'
            mainSteps:
              - name: nap
                action: aws:sleep
                inputs:
                  Duration: PT1M
            """;

    @TempDir
    Path first;
    @TempDir
    Path second;

    /** The ids of {@code runs} runs, each by a new engine (a new process) on the store in {@code dir}. */
    List<String> runs(Path dir, int runs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            EngineFixture f = new EngineFixture();
            Journal store = Journals.sqlite(dir, f.scheduler, Runnable::run);
            f.engine = RunbookEngine.builder(f.cloud).ssmDocuments(false).seed(42).journal(store, "host:" + i + ":1").build();
            var r = f.scheduler.await(f.start(DOC, Map.of()).result(), Duration.ofHours(1));
            store.flush().toCompletableFuture().join();
            ids.add(r.id());
            store.close();
        }
        return ids;
    }

    @Test
    void twoRunsOnOneStoreGetDifferentIdsAndAFreshStoreGivesTheSameOnesAgain() {
        List<String> one = runs(first, 3);
        assertThat(one).doesNotHaveDuplicates();
        assertThat(runs(second, 3)).as("the same runs in a fresh store").containsExactlyElementsOf(one);
        assertThat(runs(first, 1)).as("a fourth run on the first store").doesNotContainAnyElementsOf(one);
    }

    @Test
    void aStoreOfManyRunsFindsTheNextIdByBisection() {
        List<String> many = runs(first, 9);
        assertThat(many).doesNotHaveDuplicates();
        assertThat(runs(second, 9)).containsExactlyElementsOf(many);
    }
}
